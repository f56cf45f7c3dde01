import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';

/** The tus project's own Node server with its file store: what a team would deploy instead of Vigil's endpoint. */
const [dir, port] = process.argv.slice(2);
const server = new Server({ path: '/files', datastore: new FileStore({ directory: dir! }) });
server.listen({ host: '127.0.0.1', port: Number(port) }, () => process.stdout.write('listening\n'));
