/** Nothing to prepare beyond the web server: kept as the one place for future global fixtures. */
export default async function globalSetup(): Promise<void> {}
