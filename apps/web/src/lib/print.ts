// Print layout for pages meant for paper (due list, collection sheet): only the page itself, no app
// chrome, tables at full width instead of scrolling. Rendered by the page in a <style> element, so it
// applies only while such a page is open (the CSP allows inline styles; Mantine needs them too).
export const PRINT_CSS = `
@media print {
  .mantine-AppShell-header,
  .mantine-AppShell-navbar,
  .mantine-Notifications-root,
  [data-print-hidden] {
    display: none !important;
  }
  .mantine-AppShell-main {
    padding: 0 !important;
    min-height: 0 !important;
  }
  [data-print-area] .mantine-Card-root {
    border: none !important;
    padding: 0 !important;
  }
  [data-print-area] .mantine-ScrollArea-root,
  [data-print-area] .mantine-ScrollArea-viewport,
  [data-print-area] .mantine-Table-scrollContainer,
  [data-print-area] .mantine-Table-scrollContainerInner {
    overflow: visible !important;
    min-width: 0 !important;
  }
  [data-print-area] table {
    font-size: 10pt;
    min-width: 0 !important;
  }
  [data-print-area] tr {
    break-inside: avoid;
  }
  [data-print-area] a {
    color: inherit !important;
    text-decoration: none !important;
  }
}
`
