/** File transfer to and from the cluster's shared file system over SFTP. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FileEntry, SFTPWrapper } from 'ssh2';
import type { SlurmConnection } from './connection';

function withSftp<T>(conn: SlurmConnection, fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  return conn.withChannel(async (client) => {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      client.sftp((err, s) => (err ? reject(new Error(`SFTP is not available on the login node (${err.message}); enable the sftp subsystem in its sshd`)) : resolve(s))),
    );
    try {
      return await fn(sftp);
    } finally {
      sftp.end();
    }
  });
}

const wrap = (what: string, path: string) => (err: Error) => new Error(`SFTP ${what} ${path}: ${err.message}`);

export function uploadText(conn: SlurmConnection, remotePath: string, content: string, mode = 0o644): Promise<void> {
  return withSftp(conn, (sftp) => new Promise((resolve, reject) => sftp.writeFile(remotePath, content, { mode }, (err) => (err ? reject(wrap('write', remotePath)(err)) : resolve()))));
}

/** The file's content, or its last `tailBytes`; undefined when it does not exist (yet). */
export function readRemoteText(conn: SlurmConnection, remotePath: string, tailBytes?: number): Promise<string | undefined> {
  return withSftp(
    conn,
    (sftp) =>
      new Promise((resolve, reject) => {
        sftp.stat(remotePath, (err, stats) => {
          if (err) return (err as Error & { code?: number }).code === 2 ? resolve(undefined) : reject(wrap('stat', remotePath)(err));
          const start = tailBytes === undefined ? 0 : Math.max(0, stats.size - tailBytes);
          if (start >= stats.size) return resolve('');
          const chunks: Buffer[] = [];
          sftp
            .createReadStream(remotePath, { start, end: stats.size - 1 })
            .on('data', (d: Buffer) => chunks.push(d))
            .on('error', (e: Error) => reject(wrap('read', remotePath)(e)))
            .on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      }),
  );
}

export function downloadFile(conn: SlurmConnection, remotePath: string, localPath: string): Promise<void> {
  return withSftp(conn, (sftp) => new Promise((resolve, reject) => sftp.fastGet(remotePath, localPath, (err) => (err ? reject(wrap('download', remotePath)(err)) : resolve()))));
}

/** Copies a folder tree from the cluster into `localDir` (created), file by file. */
export function downloadDir(conn: SlurmConnection, remoteDir: string, localDir: string): Promise<void> {
  return withSftp(conn, async (sftp) => {
    const copy = async (from: string, to: string): Promise<void> => {
      mkdirSync(to, { recursive: true });
      const entries = await new Promise<FileEntry[]>((resolve, reject) => sftp.readdir(from, (err, list) => (err ? reject(wrap('list', from)(err)) : resolve(list))));
      for (const e of entries) {
        const src = `${from}/${e.filename}`;
        const dst = path.join(to, e.filename);
        const type = e.attrs.mode & 0o170000;
        if (type === 0o040000) await copy(src, dst);
        else if (type === 0o100000) await new Promise<void>((resolve, reject) => sftp.fastGet(src, dst, (err) => (err ? reject(wrap('download', src)(err)) : resolve())));
      }
    };
    await copy(remoteDir.replace(/\/+$/, ''), localDir);
  });
}
