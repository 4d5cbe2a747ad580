/**
 * Announcements and documents are for everyone (`for_everyone`) or for the members of
 * some teams, listed in `linkTable(space_id, <foreignKey>, team_id)`. A team-only item
 * whose teams were all deleted is for nobody (but its publishers), never for everyone.
 * These SQL fragments say so for a row `alias`; the person is the SQL expression `person`.
 */
export function visibleTo(alias: string, linkTable: string, foreignKey: string, person: string): string {
  return `(${alias}.for_everyone
   OR EXISTS (SELECT 1 FROM ${linkTable} lt JOIN team_members tm ON tm.space_id = lt.space_id AND tm.team_id = lt.team_id
              WHERE lt.space_id = ${alias}.space_id AND lt.${foreignKey} = ${alias}.id AND tm.account_id = ${person}))`;
}

/** The names of the target teams of the row, as a text array (empty: everyone, or teams since deleted). */
export function targetTeamNames(alias: string, linkTable: string, foreignKey: string): string {
  return `coalesce(array(SELECT t.name FROM ${linkTable} lt JOIN teams t ON t.space_id = lt.space_id AND t.id = lt.team_id
                         WHERE lt.space_id = ${alias}.space_id AND lt.${foreignKey} = ${alias}.id ORDER BY search_normalize(t.name)), '{}')`;
}
