// The HTTP side of the hub: security headers, REST routes under /api/v1 (each guarded by the
// permission table) and the built wall as static files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import { API_PREFIX } from '../../contract/api.ts';
import { LIMITS } from '../../contract/schemas.ts';
import type { Logger } from '../log.ts';
import type { HubContext } from './context.ts';
import { DomainError } from '../domain/errors.ts';
import { ApiError, fromDomain } from './errors.ts';
import type { TrustProxy } from '../config.ts';
import { kib, refuseDeclaredOversize } from './bodyLimit.ts';
import { authenticate, requireCredentialForBody } from './guard.ts';
import { refuseInvalidUtf8, rejectUnstorableText } from './storableText.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { operationRoutes } from './routes/operations.ts';
import { healthRoute, readRoutes } from './routes/read.ts';
import { warningRoutes } from './routes/warnings.ts';
import { emergencyRoutes } from './routes/emergency.ts';

/**
 * Content-Security-Policy for the wall: only this origin. Cesium runs its workers from /cesium
 * (same origin), creates blob: workers and images, and compiles WebAssembly decoders
 * ('wasm-unsafe-eval' admits WebAssembly only, not JavaScript eval); ECharts and Vue set inline
 * style attributes.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null, // command rooms serve plain HTTP on closed networks
};

/** Sign-in needs a few hundred bytes: a larger body is refused before it is read. */
const LOGIN_BODY_BYTES = 8 * 1024;

export interface AppOptions {
  staticDir: string;
  /** Proxies allowed to name the client's address in X-Forwarded-For (TRUST_PROXY); false: none. */
  trustProxy: TrustProxy;
}

/** The API's routers, one per capability, behind the credential and body checks (the OpenAPI test lists their routes). */
export function capabilityRouters(ctx: HubContext): express.Router[] {
  return [authRoutes(ctx), readRoutes(ctx), ingestRoutes(ctx), operationRoutes(ctx), catalogueRoutes(ctx), dispatchRoutes(ctx),
    supervisionRoutes(ctx), warningRoutes(ctx), emergencyRoutes(ctx), adminRoutes(ctx)];
}

export function createApp(ctx: HubContext, { staticDir, trustProxy }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Only a configured proxy may say who the client is: otherwise X-Forwarded-For is anybody's
  // invention, and the sign-in limit per address could be dodged by making up addresses.
  app.set('trust proxy', trustProxy);
  app.use(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  }));

  const api = express.Router();
  // Credentials come from the headers: they are checked before a byte of the body is read.
  api.use(healthRoute(ctx));
  api.use(authenticate(ctx.db));
  api.use(requireCredentialForBody);
  api.post('/auth/login', refuseDeclaredOversize(LOGIN_BODY_BYTES), express.json({ limit: LOGIN_BODY_BYTES, strict: true, verify: refuseInvalidUtf8 }));
  api.use(refuseDeclaredOversize(LIMITS.bodyBytes), express.json({ limit: LIMITS.bodyBytes, strict: true, verify: refuseInvalidUtf8 }));
  api.use(rejectUnstorableText);
  for (const router of capabilityRouters(ctx)) api.use(router);
  api.use((req, _res, next) => next(new ApiError(404, 'not_found', `No route ${req.method} ${API_PREFIX}${req.path}.`)));
  app.use(API_PREFIX, api);
  app.use(API_PREFIX, errorHandler(ctx.log));

  mountWall(app, staticDir);
  app.use(errorHandler(ctx.log));
  return app;
}

/**
 * Serves the built screens: the wall at /, the duty console at /console (and its pages below it,
 * which the console routes in the browser). A missing build answers with what to run instead of a bare 404.
 */
function mountWall(app: express.Express, staticDir: string): void {
  const page = (file: string, name: string): express.RequestHandler => (_req, res) => {
    if (existsSync(file)) res.sendFile(file);
    else res.status(503).type('text/plain').send(`The ${name} is not built yet: run \`npm run build\`, then reload.`);
  };
  // Before the static files: /console is also a folder of the build, which they would redirect.
  app.get(['/console', '/console/{*page}'], page(join(staticDir, 'console', 'index.html'), 'console'));
  app.use(express.static(staticDir, {
    index: false,
    setHeaders(res, path) {
      if (path.includes(`${staticDir}/assets/`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  }));
  app.get('/', page(join(staticDir, 'index.html'), 'wall'));
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof DomainError) error = fromDomain(error);
    if (error instanceof ApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    // body-parser marks its own errors with a status and a type.
    const parserError = error as { status?: number; type?: string; limit?: number };
    if (parserError.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The request body is not valid JSON; send a JSON object.' });
      return;
    }
    if (parserError.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: `The request body exceeds ${kib(parserError.limit ?? LIMITS.bodyBytes)}; split it into smaller batches.` });
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ error: 'validation', message: 'The request could not be read; check its Content-Type and encoding.' });
      return;
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'The hub could not complete this request; it has been logged. Retry later.' });
  };
}
