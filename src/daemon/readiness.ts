/**
 * Tells a supervisor that the daemon is up: `READY=1` on a file descriptor it passed
 * (`--ready-fd`, as s6 does), and to systemd when it set `NOTIFY_SOCKET`.
 * @module
 */
import { spawn } from "node:child_process";
import { writeSync } from "node:fs";

export function signalReady(readyFd: number | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (readyFd !== undefined) writeSync(readyFd, "READY=1\n");
  if (env.NOTIFY_SOCKET) notifySystemd();
}

/**
 * Node has no unix datagram sockets, so systemd's own `systemd-notify` sends the message (the
 * unit needs `NotifyAccess=all`, as the message comes from that child). Without the binary
 * there is nothing to tell.
 */
function notifySystemd(): void {
  const child = spawn("systemd-notify", ["--ready", `--pid=${process.pid}`], { stdio: "ignore" });
  child.on("error", () => undefined);
  child.unref();
}
