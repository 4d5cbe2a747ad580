import type { Response } from 'express';

/** Where a streamed export goes: a download being written, chunk after chunk. */
export interface TextSink {
  /** Resolves once the chunk is taken: waits while the network is slower than the database. */
  write(chunk: string): Promise<void>;
  /** True once the person's browser went away: no use reading further. */
  readonly closed: boolean;
}

/** An HTTP response as a sink that respects back-pressure (a slow line never fills memory). */
export function responseSink(res: Response): TextSink {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  return {
    get closed() {
      return closed;
    },
    write(chunk: string) {
      if (closed) return Promise.resolve();
      if (res.write(chunk, 'utf8')) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    },
  };
}
