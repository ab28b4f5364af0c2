/**
 * The largest manifest text `auditManifest` and `fetchManifest` accept, in bytes: 256 MiB, about 3.7 million
 * leaves as the anchorer writes them (70 bytes a leaf). A bound so that a hostile server or file cannot exhaust
 * memory; JavaScript strings stop near 512 MiB anyway.
 */
export const maxManifestBytes = 256 * 1024 * 1024;
