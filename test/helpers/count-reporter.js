// Ends the run with a plain "N passed, N failed" line that CI can count. When BENCH_TEST_COUNTS
// names a file, the counts are added to it instead, and scripts/test.sh prints the total of its runs.
const fs = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    if (process.env.BENCH_TEST_COUNTS) {
      fs.appendFileSync(process.env.BENCH_TEST_COUNTS, JSON.stringify(counts) + '\n');
      return;
    }
    process.stdout.write(`\n${countsLine(counts)}\n`);
  }
}

function countsLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

module.exports = CountReporter;
module.exports.countsLine = countsLine;
