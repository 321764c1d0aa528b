import { createServer, type Server } from "node:http";
import sirv from "sirv";

/**
 * A static server on 127.0.0.1 (any free port) for pages that need http:// — module scripts
 * and module workers, which Chromium refuses on file:// pages. `pages` are extra paths served
 * from memory (path → HTML).
 */
export async function staticServer(
  root: string,
  pages: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const files = sirv(root, { dev: true });
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ""];
    if (page !== undefined) {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(page);
      return;
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
