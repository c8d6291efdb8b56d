// Worker threads started from the TypeScript sources (tests, `tsx`) load the worker entry
// through tsx's loader; the compiled build starts its worker-entry.js directly, without this file.
import { workerData } from 'node:worker_threads';

const entry = workerData?.preadmitWorkerEntry;
if (typeof entry !== 'string') throw new Error('preadmit worker started without workerData.preadmitWorkerEntry');
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
const module = await import(entry);

export default module.default;
