// Usage: npm run smoke -- [base URL, default http://localhost:8000]
// Runs the smoke checks against a deployed platform and exits non-zero on any failure.
import { runSmoke } from './checks';

const base = process.argv[2] ?? 'http://localhost:8000';
runSmoke(base, (line) => console.log(line)).then(({ passed, failed }) => {
  console.log(`${passed} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
});
