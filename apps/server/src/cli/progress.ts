// Progress on long operator work (issue 13 item 7), on stderr so stdout stays the result: a bar redrawn
// in place on a terminal, and a line every tenth of the way (or every 5 s when the total is unknown)
// when stderr is a file or a pipe (CI logs, cron mail).

const WIDTH = 24

/** '[######------------------]' for done of total. */
export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.min(WIDTH, Math.floor((done / total) * WIDTH)) : 0
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`
}

export type Progress = {
  update(done: number, detail?: string): void
  finish(): void
}

export function createProgress(options: {
  label: string
  unit: string
  total?: number | undefined
  stream?: NodeJS.WriteStream | undefined
  now?: () => number
}): Progress {
  const stream = options.stream ?? process.stderr
  const now = options.now ?? Date.now
  const total = options.total
  let lastTenth = -1
  let lastLineAt = now()
  let drawn = false
  const line = (done: number, detail?: string) => {
    const counted = `${done.toLocaleString('en')}${total === undefined ? '' : `/${total.toLocaleString('en')}`} ${options.unit}`
    const percent =
      total === undefined || total === 0 ? '' : ` ${String(Math.min(100, Math.floor((done / total) * 100)))}%`
    const bar = total === undefined ? '' : ` ${progressBar(done, total)}`
    return `${options.label}${bar}${percent} ${counted}${detail ? ` (${detail})` : ''}`
  }
  return {
    update(done, detail) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line(done, detail)}`)
        drawn = true
        return
      }
      if (total !== undefined && total > 0) {
        const tenth = Math.floor((done / total) * 10)
        if (tenth === lastTenth) return
        lastTenth = tenth
      } else {
        if (now() - lastLineAt < 5_000) return
        lastLineAt = now()
      }
      stream.write(`${line(done, detail)}\n`)
    },
    finish() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}
