/** Quoting values for the AWS CLI commands put into plans and findings (POSIX shell). */
export function shellQuote(v: string): string {
  return /^[A-Za-z0-9_.:/=@+,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
