/** Keeps every SQL statement an app sent during one test file. */
export class SqlRecorder {
  readonly statements: string[] = [];

  readonly observe = (sql: string) => {
    this.statements.push(sql);
  };

  /** Statements recorded since `mark` (a length read earlier). */
  since(mark: number): string[] {
    return this.statements.slice(mark);
  }

  /** Forgets statements a test sent on purpose (e.g. a deliberately unscoped probe). */
  forget(predicate: (sql: string) => boolean) {
    const kept = this.statements.filter((sql) => !predicate(sql));
    this.statements.splice(0, this.statements.length, ...kept);
  }
}
