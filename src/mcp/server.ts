export async function serveStdio(): Promise<number> {
  throw new Error("not yet");
}
