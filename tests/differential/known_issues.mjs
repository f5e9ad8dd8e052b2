// tarn bugs the differential test has found and that are not fixed yet. The generator avoids each
// construct listed here, so the test stays a gate for everything else; run with --no-avoid to
// check whether they are fixed, then delete the entry. Each entry: the minimal reproduction.
export const kKnownIssues = {
};
