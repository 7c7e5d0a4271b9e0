/**
 * Port-forwards into the pod network, for the worker (which may only send traffic to 127.0.0.0/8):
 * one 127.0.0.1 listener per port, each connection a new client-node PortForward (it takes one
 * port) to the launch's current pod, so a replaced pod is picked up.
 */
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import net from 'node:net';

interface Forward {
  servers: net.Server[];
  sockets: Set<net.Socket>;
  ports: Record<string, number>;
}

export class PortForwards {
  private readonly forwards = new Map<string, Promise<Forward>>();

  constructor(private readonly kc: KubeConfig) {}

  /** Local ports (by name) forwarding to `ports` of the pod `podFor` names at connection time; opened once per key. */
  async open(key: string, namespace: string, ports: Record<string, number>, podFor: () => Promise<string>): Promise<Record<string, number>> {
    let f = this.forwards.get(key);
    if (!f) {
      f = this.start(namespace, ports, podFor);
      this.forwards.set(key, f);
      f.catch(() => this.forwards.delete(key));
    }
    return (await f).ports;
  }

  private async start(namespace: string, ports: Record<string, number>, podFor: () => Promise<string>): Promise<Forward> {
    const forward: Forward = { servers: [], sockets: new Set(), ports: {} };
    try {
      for (const [name, port] of Object.entries(ports)) {
        const server = net.createServer((sock) => this.connect(forward, sock, namespace, port, podFor));
        forward.servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve());
        });
        forward.ports[name] = (server.address() as net.AddressInfo).port;
      }
    } catch (e) {
      shut(forward);
      throw e;
    }
    return forward;
  }

  private connect(forward: Forward, sock: net.Socket, namespace: string, port: number, podFor: () => Promise<string>): void {
    forward.sockets.add(sock);
    sock.on('close', () => forward.sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    podFor()
      .then((pod) => new PortForward(this.kc).portForward(namespace, pod, [port], sock, null, sock))
      .then((ws) => {
        if (typeof ws === 'function') return;
        ws.on('close', () => sock.end());
        ws.on('error', () => sock.destroy());
        sock.on('close', () => ws.close());
      })
      .catch(() => sock.destroy());
  }

  close(key: string): void {
    const f = this.forwards.get(key);
    this.forwards.delete(key);
    f?.then(shut, () => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(all.map((f) => f.then(shut, () => undefined)));
  }
}

function shut(f: Forward): void {
  for (const s of f.servers) s.close();
  for (const s of f.sockets) s.destroy();
}
