import { GraphQLError } from 'graphql';
import { LedgerValidationError, type CsvLineError } from './core';
import { importError, ledgerError } from './ledger-writes';

describe('importError', () => {
  it('lists every bad line in the extensions and the first twenty in the message', () => {
    const errors: CsvLineError[] = [
      { line: null, code: 'EMPTY_FILE', message: 'whole-file problem' },
      ...Array.from({ length: 24 }, (_, i) => ({
        line: i + 2,
        code: 'INVALID_NUMBER' as const,
        message: `bad ${i + 2}`,
      })),
    ];
    const err = importError(errors);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.lines).toHaveLength(25);
    expect((err.extensions.lines as { line: number | null }[])[3]).toEqual({
      line: 4,
      code: 'INVALID_NUMBER',
      message: 'bad 4',
      transactionId: null,
    });
    expect(err.message).toMatch(
      /^Import refused, nothing was recorded \(25 problems\): whole-file problem; line 2: bad 2; /,
    );
    expect(err.message).toContain('line 20: bad 20; and 5 more');
    expect(err.message).not.toContain('line 21:');
  });

  it('says "problem" for one', () => {
    expect(importError([{ line: 3, code: 'UNKNOWN_COIN', message: 'unknown coin "x"' }]).message).toBe(
      'Import refused, nothing was recorded (1 problem): line 3: unknown coin "x"',
    );
  });
});

describe('ledgerError', () => {
  it('maps ledger issues to BAD_USER_INPUT, hiding the id of the not-yet-stored transaction', () => {
    const issues = [
      {
        code: 'INSUFFICIENT_HOLDINGS' as const,
        transactionId: '00000000-0000-4000-8000-000000000000',
        message: 'cannot sell',
      },
      { code: 'INSUFFICIENT_HOLDINGS' as const, transactionId: 'stored-id', message: 'later sale' },
    ];
    let thrown: unknown;
    try {
      ledgerError(new LedgerValidationError(issues));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      issues: [
        { code: 'INSUFFICIENT_HOLDINGS', message: 'cannot sell', transactionId: null },
        { code: 'INSUFFICIENT_HOLDINGS', message: 'later sale', transactionId: 'stored-id' },
      ],
    });
  });

  it('passes any other error through untouched', () => {
    const other = new Error('database down');
    expect(() => ledgerError(other)).toThrow(other);
  });
});
