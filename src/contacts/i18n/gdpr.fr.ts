export const gdprFr = {};
