/**
 * A TCP proxy on loopback that cuts connections at random: each connection gets a byte
 * budget drawn from an exponential distribution (both directions counted); when it is
 * spent, both sides are destroyed mid-stream — in the middle of a TLS record, a request
 * body or an answer. Counts the cuts and the bytes that crossed.
 */
import net from 'node:net';

export interface CutProxy {
  port: number;
  /** Connections cut by the proxy (not closed normally by either side). */
  readonly cuts: number;
  readonly connections: number;
  /** Bytes forwarded client → server. */
  readonly upBytes: number;
  /** Turn cutting on or off (off: a plain proxy). */
  cutting: boolean;
  /** Mean bytes a connection may carry before it is cut. */
  meanBudget: number;
  /** Cut the connection that carries the next `bytes` bytes upstream (one deterministic cut). */
  armCut(bytes: number): void;
  close(): Promise<void>;
}

export async function startCutProxy(target: { host: string; port: number }, opts: { meanBudget: number; random?: () => number }): Promise<CutProxy> {
  const random = opts.random ?? Math.random;
  const sockets = new Set<net.Socket>();
  const state = { cuts: 0, connections: 0, upBytes: 0, cutting: true, meanBudget: opts.meanBudget, armed: null as number | null };
  const server = net.createServer((client) => {
    state.connections++;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let budget = state.cutting ? Math.floor(-Math.log(1 - random()) * state.meanBudget) : Infinity;
    let cut = false;
    const kill = () => {
      if (cut) return;
      cut = true;
      state.cuts++;
      client.destroy();
      upstream.destroy();
    };
    const pipe = (from: net.Socket, to: net.Socket, up: boolean) =>
      from.on('data', (chunk: Buffer) => {
        if (cut) return;
        if (up && state.armed !== null) {
          if (chunk.length >= state.armed) {
            to.write(chunk.subarray(0, state.armed));
            state.upBytes += state.armed;
            state.armed = null;
            kill();
            return;
          }
          state.armed -= chunk.length;
        }
        if (state.cutting && chunk.length >= budget) {
          // Forward a part of this chunk, then cut: the peer sees a truncated stream.
          if (budget > 0) {
            to.write(chunk.subarray(0, budget));
            if (up) state.upBytes += budget;
          }
          budget = 0;
          kill();
          return;
        }
        if (state.cutting) budget -= chunk.length;
        if (up) state.upBytes += chunk.length;
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      });
    pipe(client, upstream, true);
    pipe(upstream, client, false);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
    if (state.cutting && budget === 0) kill();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get cuts() {
      return state.cuts;
    },
    get connections() {
      return state.connections;
    },
    get upBytes() {
      return state.upBytes;
    },
    get cutting() {
      return state.cutting;
    },
    set cutting(v: boolean) {
      state.cutting = v;
    },
    get meanBudget() {
      return state.meanBudget;
    },
    armCut(bytes: number) {
      state.armed = bytes;
    },
    set meanBudget(v: number) {
      state.meanBudget = v;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
