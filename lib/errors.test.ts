import { GraphQLError } from 'graphql';
import { badInput, formatClientError } from './errors';

describe('formatClientError', () => {
  it('passes our own coded errors through without stack traces', () => {
    const err = badInput('quantity must be positive', { field: 'quantity' });
    const formatted = formatClientError({
      message: err.message,
      extensions: { ...err.extensions, stacktrace: ['at x'] },
    });
    expect(formatted).toEqual({
      message: 'quantity must be positive',
      extensions: { code: 'BAD_USER_INPUT', field: 'quantity' },
    });
  });

  it('hides unexpected errors behind INTERNAL_SERVER_ERROR and reports them', () => {
    const internal: unknown[] = [];
    const leaked = new GraphQLError('duplicate key value violates unique constraint "User_email_key"');
    const formatted = formatClientError(
      {
        message: leaked.message,
        path: ['register'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg'] },
      },
      (f) => internal.push(f),
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['register'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('constraint');
    expect(internal).toHaveLength(1);
    expect(formatClientError({ message: 'boom' }).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
