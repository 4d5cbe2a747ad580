/**
 * Announcements and documents are aimed at everyone (no target team) or at some teams.
 * These SQL fragments say so for a row `alias` of a table whose targets are in
 * `linkTable(space_id, <foreignKey>, team_id)`; the person is the query parameter `person`.
 */
export function visibleTo(alias: string, linkTable: string, foreignKey: string, person: string): string {
  return `(NOT EXISTS (SELECT 1 FROM ${linkTable} lt WHERE lt.space_id = ${alias}.space_id AND lt.${foreignKey} = ${alias}.id)
   OR EXISTS (SELECT 1 FROM ${linkTable} lt JOIN team_members tm ON tm.space_id = lt.space_id AND tm.team_id = lt.team_id
              WHERE lt.space_id = ${alias}.space_id AND lt.${foreignKey} = ${alias}.id AND tm.account_id = ${person}))`;
}

/** The names of the target teams of the row, as a text array (empty: everyone). */
export function targetTeamNames(alias: string, linkTable: string, foreignKey: string): string {
  return `coalesce(array(SELECT t.name FROM ${linkTable} lt JOIN teams t ON t.space_id = lt.space_id AND t.id = lt.team_id
                         WHERE lt.space_id = ${alias}.space_id AND lt.${foreignKey} = ${alias}.id ORDER BY t.name), '{}')`;
}
