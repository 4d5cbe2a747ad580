export const importFr = {};
