/**
 * Waiting on a condition instead of sleeping: `waitFor` polls until `cond` gives a truthy value (and returns it),
 * or fails after `timeout` ms with `message`. An error thrown by `cond` ends the wait at once (a child process
 * that died, say).
 */
export async function waitFor<T>(
  cond: () => T | Promise<T>,
  { timeout = 10_000, interval = 10, message = "condition not met" }: { timeout?: number; interval?: number; message?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await cond();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${typeof message === "function" ? message() : message} (after ${timeout} ms)`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

const FS_REQUESTS = new Set(["FSReqCallback", "FSReqPromise"]);

/**
 * Resolves once no file-system request of this process is pending any more, and a turn of the event loop has
 * passed so that a promise rejected by one has been reported as unhandled: after it, an error that a stream or a
 * file operation was still going to raise has been raised.
 */
export async function fileIoSettled(timeout = 10_000): Promise<void> {
  await waitFor(() => !process.getActiveResourcesInfo().some((r) => FS_REQUESTS.has(r)), {
    timeout,
    message: () => `file-system requests still pending: ${process.getActiveResourcesInfo().join(", ")}`,
  });
  await new Promise((resolve) => setImmediate(resolve));
}
