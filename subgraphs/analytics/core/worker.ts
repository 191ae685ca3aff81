/**
 * Piscina worker for the analytics pool: runs one named computation and moves the typed arrays of its
 * result back to the caller without copying. Input-validation errors come back as a value, because an
 * Error's class does not survive the thread boundary and resolvers need to recognise them.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { isComputationName, runComputation, type ComputationName } from './computations';
import { AnalyticsInputError } from './errors';
import { transferableBuffers } from './transfer';

export interface WorkerTask {
  name: ComputationName;
  args: unknown[];
}

export type WorkerReply =
  { ok: true; value: unknown } | { ok: false; message: string; argument: string | undefined };

export function handleTask(task: WorkerTask): WorkerReply {
  try {
    if (!isComputationName(task.name))
      throw new AnalyticsInputError(`unknown computation ${String(task.name)}`);
    return { ok: true, value: runComputation(task.name, task.args as never) };
  } catch (e) {
    if (e instanceof AnalyticsInputError) return { ok: false, message: e.message, argument: e.argument };
    throw e;
  }
}

export default function analyticsWorker(task: WorkerTask): unknown {
  const reply = handleTask(task);
  const buffers = transferableBuffers(reply);
  if (buffers.length === 0) return reply;
  return move({ [transferableSymbol]: buffers, [valueSymbol]: reply });
}
