/** The largest evidence file Avance keeps (10 MB); the table refuses anything bigger. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
