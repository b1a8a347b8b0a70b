// socket.io for the wall: a snapshot on connect, then pushes. Each township has its own room so a
// hub serving several townships never sends one township's figures to another's screens.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/api.ts';
import type { Logger } from '../log.ts';
import type { StatsPublisher } from './statsPublisher.ts';

export type WallServer = Server<ClientToServerEvents, ServerToClientEvents>;

export const townshipRoom = (code: string) => `township:${code}`;

export function createSocketServer(httpServer: HttpServer, townshipCode: string, stats: StatsPublisher, log: Logger): WallServer {
  const io: WallServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  io.on('connection', (socket) => {
    void socket.join(townshipRoom(townshipCode));
    const sendSnapshot = async () => {
      try {
        socket.emit('stats:snapshot', await stats.snapshot());
      } catch (error) {
        log.error({ err: error }, 'snapshot for a new screen failed');
      }
    };
    void sendSnapshot();
    socket.on('stats:get', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        ack(await stats.snapshot());
      } catch (error) {
        log.error({ err: error }, 'snapshot on request failed');
      }
    });
  });
  return io;
}
