/**
 * Lets a reader close the CLI's output early (`aiattest verify --help | head -1`, a pager quit halfway): a write
 * to a pipe whose reader is gone fails with EPIPE, which Node emits as an 'error' event on the stream, and an
 * unhandled one kills the process with a stack trace. With this, that stream stops printing and the command
 * carries on to its own exit code (an `anchor` run still finishes its batch). Any other stream error is thrown.
 *
 * @example
 * muteClosedPipes([process.stdout, process.stderr])
 */
export function muteClosedPipes(streams: readonly NodeJS.WritableStream[]): void {
  for (const stream of streams)
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
}
