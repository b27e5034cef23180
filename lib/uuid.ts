const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A canonical uuid: anything else in a path is "not found", never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
