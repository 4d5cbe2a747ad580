export const duplicatesFr = {};
