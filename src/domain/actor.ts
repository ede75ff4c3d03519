/**
 * Who does something, as the audit log records it: the user (none for the CLI run by the
 * server's operator) and the address the request came from.
 */
export type Actor = { userId?: string; ip?: string };
