import { Writable } from 'node:stream';
import { requestContext } from './context';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes JSON lines tagged with the service and the current request, with secrets redacted', () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const log = createLogger('users', 'info', stream);
    requestContext.run({ requestId: 'req-123', userId: 'u-9' }, () => {
      log.info({ password: 'hunter2', authorization: 'Bearer secret-token' }, 'login attempt');
    });
    log.info('outside a request');
    expect(lines[0]).toMatchObject({
      service: 'users',
      requestId: 'req-123',
      userId: 'u-9',
      msg: 'login attempt',
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|secret-token/);
    expect(lines[1]).toMatchObject({ service: 'users', msg: 'outside a request' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});
