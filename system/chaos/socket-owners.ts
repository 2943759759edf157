/**
 * Which process holds which TCP socket, from Linux's /proc: whether a process listens
 * on a port (a restarted router serves :8082 beside the other one), and how many of the
 * drill's connections a process holds the server end of (the requests a killed router
 * may lose). Elsewhere the answers are null and the drill says so.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** One row of /proc/net/tcp or tcp6. */
export type TcpSocket = { readonly localPort: number; readonly remotePort: number; readonly state: "listen" | "established" | "other"; readonly inode: number };

/** Parses /proc/net/tcp{,6}: `sl local_address rem_address st … inode`, addresses as hex `ADDR:PORT`. */
export function parseProcNetTcp(text: string): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const port = (address: string) => parseInt(address.split(":")[1] ?? "", 16);
    const localPort = port(fields[1]);
    const remotePort = port(fields[2]);
    const inode = Number(fields[9]);
    if (!Number.isInteger(localPort) || !Number.isInteger(remotePort) || !Number.isInteger(inode)) continue;
    const state = fields[3] === "0A" ? "listen" : fields[3] === "01" ? "established" : "other";
    sockets.push({ localPort, remotePort, state, inode });
  }
  return sockets;
}

/** Socket inodes among a process's open files (`socket:[123]` links in /proc/<pid>/fd). */
export function socketInodesOf(links: readonly string[]): Set<number> {
  const inodes = new Set<number>();
  for (const link of links) {
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(Number(m[1]));
  }
  return inodes;
}

function readTcpSockets(): TcpSocket[] | null {
  try {
    const v4 = readFileSync("/proc/net/tcp", "utf8");
    let v6 = "";
    try {
      v6 = readFileSync("/proc/net/tcp6", "utf8");
    } catch {
      // No IPv6 on this host.
    }
    return [...parseProcNetTcp(v4), ...parseProcNetTcp(v6)];
  } catch {
    return null;
  }
}

function readSocketInodes(pid: number): Set<number> | null {
  try {
    const dir = `/proc/${pid}/fd`;
    const links: string[] = [];
    for (const fd of readdirSync(dir)) {
      try {
        links.push(readlinkSync(`${dir}/${fd}`));
      } catch {
        // Closed between the listing and the read.
      }
    }
    return socketInodesOf(links);
  } catch {
    return null;
  }
}

/** Whether `pid` holds a listening socket on `port`; null when /proc cannot tell. */
export function listensOn(pid: number, port: number): boolean | null {
  const sockets = readTcpSockets();
  const inodes = readSocketInodes(pid);
  if (sockets === null || inodes === null) return null;
  return sockets.some((s) => s.state === "listen" && s.localPort === port && inodes.has(s.inode));
}

/** How many connections from `clientPorts` to `serverPort` have their server end in `pid`; null when /proc cannot tell. */
export function connectionsHeldBy(pid: number, serverPort: number, clientPorts: readonly number[]): number | null {
  const sockets = readTcpSockets();
  const inodes = readSocketInodes(pid);
  if (sockets === null || inodes === null) return null;
  const ours = new Set(clientPorts);
  return sockets.filter((s) => s.state === "established" && s.localPort === serverPort && ours.has(s.remotePort) && inodes.has(s.inode)).length;
}
