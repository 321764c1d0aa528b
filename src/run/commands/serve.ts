import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";
import { InputError } from "../../errors.js";
import { copyFileAtomic, writeFileAtomic } from "../../io/atomicWrite.js";
import { ensurePlotlyAsset, PLOTLY_ASSET } from "../../report/plotlyAsset.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { processInterrupt } from "../signals.js";
import { OUT_DEF } from "./gallery.js";
import { EXIT_OK, type CliIO } from "./io.js";

const PORT_DEF: OptionDef = {
  flag: "port",
  kind: "int",
  value: "N",
  min: 0,
  max: 65535,
  help: "port on 127.0.0.1 (default 8080; 0: any free port)",
};
export const SERVE_OPTION_DEFS: OptionDef[] = [OUT_DEF, PORT_DEF];

export const SERVE_HELP = `Usage: measureflow serve [--out DIR] [--port N]

Serves <out> (default: output) on http://127.0.0.1:<port>/ — the gallery (index.html),
the run reports and the playground (playground/index.html), which it first copies there from
this package (dist/playground; docs/playground.md). Only this machine can connect. Runs
until Ctrl-C (or SIGTERM). The playground also works opened from disk, without a server.

Options:
${optionHelp(SERVE_OPTION_DEFS)}`;

/** The built playground of this package: <package>/dist/playground (scripts/buildBrowser.ts). */
export function builtPlaygroundDir(): string {
  // src/run/commands/ and dist/run/commands/ are both three levels below the package root.
  return fileURLToPath(new URL("../../../dist/playground/", import.meta.url));
}

/** The playground's own plotly (dist/playground/plotly.js, the reports' packed asset). */
export const PLAYGROUND_PLOTLY = "plotly.js";

/**
 * Puts the built playground into <outRoot>/playground/ (atomically, each file), so that it
 * sits next to the gallery and opens from disk: its page loads the reports' shared plotly
 * asset (<outRoot>/assets/plotly.js, written if missing) rather than a second copy. Returns
 * the path of its index.html. An InputError when the package has no built playground.
 */
export function installPlayground(outRoot: string, from = builtPlaygroundDir()): string {
  if (!existsSync(join(from, "index.html"))) {
    throw new InputError(
      "playground",
      `not built (no ${join(from, "index.html")}): run \`npm run build\` in the measureflow folder`,
    );
  }
  const dest = join(outRoot, "playground");
  mkdirSync(dest, { recursive: true });
  ensurePlotlyAsset(outRoot);
  copyFileAtomic(join(from, "playground.js"), join(dest, "playground.js"));
  const html = readFileSync(join(from, "index.html"), "utf8").replace(
    `<script src="${PLAYGROUND_PLOTLY}"></script>`,
    `<script src="../${PLOTLY_ASSET}"></script>`,
  );
  writeFileAtomic(join(dest, "index.html"), html);
  return join(dest, "index.html");
}

/** Starts the server; resolves with its address once it listens. */
function listen(root: string, port: number): Promise<{ server: Server; url: string }> {
  const serveFiles = sirv(root, { dev: true, dotfiles: false });
  const server = createServer((req, res) =>
    serveFiles(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    }),
  );
  return new Promise((resolveListen, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(new InputError("--port", `port ${port} is in use: pick another (0: any free port)`));
      } else reject(err);
    });
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const p = typeof address === "object" && address ? address.port : port;
      resolveListen({ server, url: `http://127.0.0.1:${p}/` });
    });
  });
}

/** `measureflow serve` */
export async function serveCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, SERVE_OPTION_DEFS, "measureflow serve");
  if (args.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) {
    throw new InputError("serve", `unexpected argument '${args.positionals[0]}'`);
  }
  const out = resolve((args.values["out"] as string | undefined) ?? "output");
  const port = (args.values["port"] as number | undefined) ?? 8080;
  mkdirSync(out, { recursive: true });
  installPlayground(out);
  const { server, url } = await listen(out, port);
  const gallery = existsSync(join(out, "index.html"));
  io.stdout.write(
    `serving ${out} on ${url} (Ctrl-C to stop)\n` +
      `  playground: ${url}playground/\n` +
      (gallery ? `  gallery:    ${url}\n` : `  gallery:    none yet (npm run gallery writes it)\n`),
  );
  // Until SIGINT/SIGTERM (src/run/signals.ts), which the CLI turns into this abort signal.
  const stop = processInterrupt();
  await new Promise<void>((done) => {
    if (!stop) return; // not run as a process (a test harness): keep serving until closed
    if (stop.aborted) done();
    else stop.addEventListener("abort", () => done(), { once: true });
  });
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections(); // browsers keep idle connections open
  await closed;
  return EXIT_OK;
}
