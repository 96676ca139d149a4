/** The heading of the web app's section of docs/benchmarks.md: bench/web-load.ts writes it, bench/load keeps it. */
export const WEB_SECTION_HEADING = '## Web app: page weight and load time'
