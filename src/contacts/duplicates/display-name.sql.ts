/** "Hélène Dupré", or the address or phone when a contact has no name: displayName() in SQL. */
export const displayNameSql = (alias: string) =>
  `coalesce(nullif(concat_ws(' ', ${alias}.first_name, ${alias}.last_name), ''), ${alias}.email, ${alias}.phone, '—')`;
