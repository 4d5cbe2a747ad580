export const exportFr = {};
