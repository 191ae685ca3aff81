import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvDate, parseTransactionsCsv, type CsvImportResult } from './csv';
import { replayLedgerOrThrow } from './ledger';
import { tx } from './test-support';

const HEADER = 'date,type,coin,quantity,price,fee,note,idempotency_key';
const now = new Date('2025-01-01T00:00:00Z');

function errorsOf(result: CsvImportResult) {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => [e.line, e.code]);
}

function okOf(result: CsvImportResult) {
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('parseTransactionsCsv', () => {
  it('imports the example in CSV_FORMAT.md', () => {
    const doc = readFileSync(join(__dirname, 'CSV_FORMAT.md'), 'utf8');
    const example = /```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    const { transactions } = okOf(parseTransactionsCsv(example, { now }));
    expect(transactions.map((t) => [t.line, t.type, t.coinId, t.quantity.toFixed()])).toEqual([
      [2, 'DEPOSIT', null, '5000'],
      [3, 'BUY', 'bitcoin', '0.05'],
      [4, 'INCOME', 'ethereum', '0.0125'],
      [5, 'TRANSFER_IN', 'solana', '12'],
      [6, 'SELL', 'bitcoin', '0.02'],
      [7, 'FEE', 'ethereum', '0.0004'],
      [8, 'TRANSFER_OUT', 'solana', '2'],
      [9, 'FEE', null, '9.99'],
      [10, 'WITHDRAWAL', null, '1000'],
    ]);
    const buy = transactions[1]!;
    expect([
      buy.price!.toFixed(),
      buy.fee.toFixed(),
      buy.idempotencyKey,
      buy.executedAt.toISOString(),
    ]).toEqual(['42000.5', '4.2', 'kraken-T1', '2024-01-03T14:05:00.000Z']);
    expect(transactions[2]!.executedAt.toISOString()).toBe('2024-02-01T08:00:00.000Z'); // +01:00
    expect(transactions[2]!.note).toBe('staking reward');
    // The rows replay into a consistent ledger.
    expect(replayLedgerOrThrow(transactions).positions.map((p) => [p.coinId, p.quantity.toFixed()])).toEqual([
      ['bitcoin', '0.03'],
      ['ethereum', '0.0121'],
      ['solana', '10'],
    ]);
  });

  it('reports every bad line by number, with the ledger check on the selling line', () => {
    const csv = [
      HEADER, //                                                       line 1
      '2024-01-01,BUY,bitcoin,1,100,,,', //                            2 ok
      '2024-01-02,BUY,bitcoin,1.5.0,100,,,', //                        3 bad number
      '2024-01-03,SWAP,bitcoin,1,100,,,', //                           4 unknown type
      '2024-02-30,DEPOSIT,,1,,,,', //                                  5 no such date
      '2024-01-05,SELL,bitcoin,2,100,,,', //                           6 sells 2 of 1
      '2024-01-06,DEPOSIT,,100,5,,,', //                               7 price on a deposit
      '2030-01-01,DEPOSIT,,1,,,,', //                                  8 future
      '2024-01-07,BUY,Bitcoin!,1,1,,,', //                             9 unknown coin
      '2024-01-08,BUY,bitcoin,1,1,-1,,', //                            10 negative fee
      '2024-01-09,DEPOSIT,,1,,', //                                    11 too few fields
      '2024-01-10T10:00,DEPOSIT,,1,,,,', //                            12 no time zone
      '2024-01-11,DEPOSIT,,1,,,,k1', //                                13 ok
      '2024-01-12,DEPOSIT,,1,,,,k1', //                                14 duplicate key
    ].join('\n');
    const result = parseTransactionsCsv(csv, { now });
    expect(errorsOf(result)).toEqual([
      [3, 'INVALID_NUMBER'],
      [4, 'UNKNOWN_TYPE'],
      [5, 'INVALID_DATE'],
      [6, 'INSUFFICIENT_HOLDINGS'],
      [7, 'PRICE_NOT_ALLOWED'],
      [8, 'FUTURE_EXECUTION'],
      [9, 'UNKNOWN_COIN'],
      [10, 'INVALID_FEE'],
      [11, 'COLUMN_COUNT'],
      [12, 'INVALID_DATE'],
      [14, 'DUPLICATE_IDEMPOTENCY_KEY'],
    ]);
    const messages = result.ok ? [] : result.errors.map((e) => e.message);
    expect(messages[3]).toMatch(/only 1 held at that moment \(lines with other errors were left out/);
    expect(messages[10]).toBe('idempotency_key "k1" is also on line 13');
  });

  it('counts lines from where a row starts, across quoted line breaks, CRLF, a BOM and blank lines', () => {
    const csv =
      '\uFEFF' +
      [HEADER, '2024-01-01,DEPOSIT,,10,,,"two\r\nlines",', '', ',,,,,,,', '2024-01-02,SELL,eth,1,1,,,'].join(
        '\r\n',
      );
    expect(errorsOf(parseTransactionsCsv(csv, { now }))).toEqual([[6, 'INSUFFICIENT_HOLDINGS']]);
  });

  it('accepts columns in any order and leaves optional ones out', () => {
    const { transactions } = okOf(
      parseTransactionsCsv('quantity,type,date\n5,deposit,2024-01-01\n', { now }),
    );
    expect(transactions).toMatchObject([{ type: 'DEPOSIT', coinId: null, price: null, note: null }]);
    expect(transactions[0]!.fee.toFixed()).toBe('0');
  });

  it.each([
    ['unknown column', 'date,type,quantity,amount\n', 'unknown column "amount"'],
    ['missing column', 'date,type,coin\n', 'missing required column "quantity"'],
    ['repeated column', 'date,type,quantity,type\n', 'column "type" appears twice'],
  ])('refuses a header with an %s', (_name, csv, message) => {
    const result = parseTransactionsCsv(csv, { now });
    expect(result.ok ? [] : result.errors).toContainEqual({
      line: 1,
      code: 'BAD_HEADER',
      message: expect.stringContaining(message),
    });
  });

  it('refuses empty files, headers without rows and too many rows', () => {
    expect(errorsOf(parseTransactionsCsv('', { now }))).toEqual([[null, 'EMPTY_FILE']]);
    expect(errorsOf(parseTransactionsCsv(`${HEADER}\n`, { now }))).toEqual([[null, 'EMPTY_FILE']]);
    const rows = Array.from({ length: 3 }, () => '2024-01-01,DEPOSIT,,1,,,,').join('\n');
    expect(errorsOf(parseTransactionsCsv(`${HEADER}\n${rows}`, { now, maxRows: 2 }))).toEqual([
      [null, 'TOO_MANY_ROWS'],
    ]);
  });

  it('reports malformed quoting with its line', () => {
    const unclosed = `${HEADER}\n2024-01-01,DEPOSIT,,1,,,"ok"" quote",\n2024-01-02,DEPOSIT,,1,,,"open,\n\n,,\n`;
    expect(parseTransactionsCsv(unclosed, { now })).toEqual({
      ok: false,
      errors: [
        { line: 3, code: 'MALFORMED_CSV', message: 'the quoted field opened on line 3 is never closed' },
      ],
    });
    const badClose = `${HEADER}\n2024-01-01,DEPOSIT,,1,,,"note"x,\n`;
    expect(errorsOf(parseTransactionsCsv(badClose, { now }))).toEqual([[2, 'MALFORMED_CSV']]);
  });

  describe('on top of the recorded transactions', () => {
    const existing = [
      {
        ...tx('BUY', { id: 'b1', coin: 'eth', qty: '1', price: '100', at: '2024-01-01T00:00:00Z', seq: 7 }),
        idempotencyKey: 'K',
      },
      tx('SELL', { id: 's1', coin: 'eth', qty: '1', price: '120', at: '2024-03-01T00:00:00Z', seq: 8 }),
    ];

    it('skips rows whose idempotency key is recorded and orders new rows after the recorded ones', () => {
      const csv = `${HEADER}\n2024-01-01,BUY,eth,1,100,,,K\n2024-03-01,BUY,eth,2,90,,,`;
      const ok = okOf(parseTransactionsCsv(csv, { now, existing }));
      expect(ok.skipped).toEqual([{ line: 2, idempotencyKey: 'K', existingTransactionId: 'b1' }]);
      expect(ok.transactions.map((t) => [t.line, t.id, t.seq])).toEqual([[3, 'csv-line-3', 10]]);
    });

    it('reports a recorded sale that an imported row leaves short, and an imported sale with nothing held', () => {
      const csv = `${HEADER}\n2024-02-01,TRANSFER_OUT,eth,0.5,,,,\n2024-04-01,SELL,eth,0.6,90,,,`;
      const result = parseTransactionsCsv(csv, { now, existing });
      if (result.ok) throw new Error('expected errors');
      expect(result.errors.map((e) => [e.line, e.code, e.transactionId])).toEqual([
        [null, 'INSUFFICIENT_HOLDINGS', 's1'],
        [3, 'INSUFFICIENT_HOLDINGS', undefined],
      ]);
      expect(result.errors[0]!.message).toMatch(
        /^recorded transaction s1 would become invalid: .*only 0.5 held/,
      );
    });
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-02-29T23:59:59.999999Z', '2024-02-29T23:59:59.999Z'],
    ['2024-03-01 01:30+02:00', '2024-02-29T23:30:00.000Z'],
    ['2024-03-01T01:30:00-0130', '2024-03-01T03:00:00.000Z'],
  ])('parses %s', (text, iso) => {
    expect((parseCsvDate(text) as Date).toISOString()).toBe(iso);
  });
  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T24:00:00Z',
    '01/02/2024',
    '2024-01-01T10:00:00',
    // Outside the storable range; Date.UTC alone would have read the year 0070 as 1970.
    '0070-01-01',
    '1969-12-31T23:59:59Z',
    '0001-01-01T00:00:00+01:00',
  ])('refuses %s', (text) => {
    expect(typeof parseCsvDate(text)).toBe('string');
  });
});
