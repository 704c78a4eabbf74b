/**
 * A syntax error at a 1-based line and column of the cell's code. Apart from the transform that
 * throws it, so the runner can recognise one without loading the transform (see ./compiled).
 */
export class CellSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}
