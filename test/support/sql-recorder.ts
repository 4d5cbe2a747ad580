/** Keeps every SQL statement an app sent during one test file. */
export class SqlRecorder {
  readonly statements: string[] = [];
  /** The parameters of each statement, at the same index (to replay or EXPLAIN it). */
  readonly parameters: unknown[][] = [];

  readonly observe = (sql: string, parameters?: unknown[]) => {
    this.statements.push(sql);
    this.parameters.push(parameters ?? []);
  };

  /** Statements recorded since `mark` (a length read earlier). */
  since(mark: number): string[] {
    return this.statements.slice(mark);
  }

  /** Forgets statements a test sent on purpose (e.g. a deliberately unscoped probe). */
  forget(predicate: (sql: string) => boolean) {
    const kept = this.statements
      .map((sql, index) => ({ sql, parameters: this.parameters[index] }))
      .filter(({ sql }) => !predicate(sql));
    this.statements.splice(0, this.statements.length, ...kept.map(({ sql }) => sql));
    this.parameters.splice(0, this.parameters.length, ...kept.map(({ parameters }) => parameters));
  }
}
