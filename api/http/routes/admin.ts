// Administration (系统管理员): accounts, display tokens and API keys, points rules, devices, and the
// audit trail. Each route names its permission first; the SQL and the audit rows live in
// ../../domain/admin/. Secrets are answered once, by the call that makes them.
import express, { type Request, type Response } from 'express';
import { actorName } from '../../auth/principal.ts';
import { AUDIT_CSV_HEADER, auditCsvRow, exportAudit, searchAudit } from '../../domain/admin/auditLog.ts';
import { createApiKey, createDisplayToken, listApiKeys, listDisplayTokens, revokeApiKey, revokeDisplayToken } from '../../domain/admin/credentials.ts';
import { createDevice, deactivateDevice, listDevices } from '../../domain/admin/devices.ts';
import { advanceRule, listRules, proposeRule, type RuleStep } from '../../domain/admin/rules.ts';
import { createUser, disableUser, enableUser, listUsers, resetPassword, type SessionsEnded } from '../../domain/admin/users.ts';
import type { HubContext } from '../context.ts';
import { toCsv } from '../csv.ts';
import { idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';
import { ApiKeyInput, AuditExportQuery, AuditQuery, DeviceInput, DisplayTokenInput, RuleInput, UserCreateInput } from './adminSchemas.ts';

/** Who is acting and from where, as the audit log records it. */
const who = (req: Request, res: Response) => ({ actor: actorName(principalOf(res)), ip: clientIp(req) });

export function adminRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  // ctx.township is replaced on reload: always read it inside a handler.
  const townshipCode = () => ctx.township.code;
  const endSessions = ({ userId, revokedSessions }: SessionsEnded) => {
    if (revokedSessions > 0) ctx.realtime.disconnectPrincipal('user', userId);
  };

  // Accounts ---------------------------------------------------------------------------------

  router.get('/users', guard('users.manage'), async (_req, res) => {
    res.json({ users: await listUsers(ctx.db, townshipCode()) });
  });

  router.post('/users', guard('users.manage'), async (req, res) => {
    const input = parseOr400(UserCreateInput, req.body);
    const { actor, ip } = who(req, res);
    res.status(201).json(await createUser(ctx.db, townshipCode(), input, actor, ip));
  });

  router.post('/users/:id/reset-password', guard('users.manage'), async (req: Request<{ id: string }>, res) => {
    const { actor, ip } = who(req, res);
    const result = await resetPassword(ctx.db, townshipCode(), idParam(req), actor, ip);
    res.json({ oneTimePassword: result.oneTimePassword });
    endSessions(result);
  });

  router.post('/users/:id/disable', guard('users.manage'), async (req: Request<{ id: string }>, res) => {
    const principal = principalOf(res);
    const { actor, ip } = who(req, res);
    const selfId = principal.kind === 'user' ? principal.id : null;
    const result = await disableUser(ctx.db, townshipCode(), idParam(req), selfId, actor, ip);
    res.json({ user: result.user });
    endSessions(result);
  });

  router.post('/users/:id/enable', guard('users.manage'), async (req: Request<{ id: string }>, res) => {
    const { actor, ip } = who(req, res);
    res.json({ user: await enableUser(ctx.db, townshipCode(), idParam(req), actor, ip) });
  });

  // Display tokens and API keys ----------------------------------------------------------------

  router.get('/display-tokens', guard('keys.manage'), async (_req, res) => {
    res.json({ displayTokens: await listDisplayTokens(ctx.db, townshipCode()) });
  });

  router.post('/display-tokens', guard('keys.manage'), async (req, res) => {
    const input = parseOr400(DisplayTokenInput, req.body);
    const { actor, ip } = who(req, res);
    res.status(201).json(await createDisplayToken(ctx.db, townshipCode(), input, actor, ip));
  });

  router.post('/display-tokens/:id/revoke', guard('keys.manage'), async (req: Request<{ id: string }>, res) => {
    const { actor, ip } = who(req, res);
    const token = await revokeDisplayToken(ctx.db, townshipCode(), idParam(req), actor, ip);
    res.json({ displayToken: token });
    ctx.realtime.disconnectPrincipal('display', token.id);
  });

  router.get('/api-keys', guard('keys.manage'), async (_req, res) => {
    res.json({ apiKeys: await listApiKeys(ctx.db, townshipCode()) });
  });

  router.post('/api-keys', guard('keys.manage'), async (req, res) => {
    const input = parseOr400(ApiKeyInput, req.body);
    const { actor, ip } = who(req, res);
    res.status(201).json(await createApiKey(ctx.db, townshipCode(), input, actor, ip));
  });

  router.post('/api-keys/:id/revoke', guard('keys.manage'), async (req: Request<{ id: string }>, res) => {
    const { actor, ip } = who(req, res);
    const key = await revokeApiKey(ctx.db, townshipCode(), idParam(req), actor, ip);
    res.json({ apiKey: key });
    ctx.realtime.disconnectPrincipal('integration', key.id);
  });

  // Points rules -------------------------------------------------------------------------------

  router.get('/rules', guard('rules.manage'), async (_req, res) => {
    res.json({ rules: await listRules(ctx.db) });
  });

  router.post('/rules', guard('rules.manage'), async (req, res) => {
    const input = parseOr400(RuleInput, req.body);
    const { actor, ip } = who(req, res);
    res.status(201).json({ rule: await proposeRule(ctx.db, input, actor, ip) });
  });

  for (const step of ['declare', 'approve', 'retire'] as const satisfies readonly RuleStep[]) {
    router.post(`/rules/:code/${step}`, guard('rules.manage'), async (req: Request<{ code: string }>, res) => {
      const { actor, ip } = who(req, res);
      res.json({ rule: await advanceRule(ctx.db, req.params.code, step, actor, ip) });
    });
  }

  // Devices ------------------------------------------------------------------------------------

  router.get('/devices', guard('devices.manage'), async (_req, res) => {
    res.json({ devices: await listDevices(ctx.db, townshipCode()) });
  });

  router.post('/devices', guard('devices.manage'), async (req, res) => {
    const input = parseOr400(DeviceInput, req.body);
    const { actor, ip } = who(req, res);
    const device = await createDevice(ctx.db, ctx.township, input, actor, ip);
    await ctx.reloadTownship(); // ingest accepts the device from now on
    res.status(201).json({ device });
    ctx.realtime.changed();
  });

  router.post('/devices/:code/deactivate', guard('devices.manage'), async (req: Request<{ code: string }>, res) => {
    const { actor, ip } = who(req, res);
    const result = await deactivateDevice(ctx.db, townshipCode(), req.params.code, actor, ip);
    await ctx.reloadTownship(); // ingest refuses the device from now on
    res.json(result);
    ctx.realtime.changed();
  });

  // Audit trail --------------------------------------------------------------------------------

  router.get('/audit', guard('audit.read'), async (req, res) => {
    const { limit, before, ...filters } = parseOr400(AuditQuery, req.query);
    res.json(await searchAudit(ctx.db, filters, { limit, before }));
  });

  router.get('/audit/export.csv', guard('audit.read'), async (req, res) => {
    const filters = parseOr400(AuditExportQuery, req.query);
    const { actor, ip } = who(req, res);
    const { entries, truncated } = await exportAudit(ctx.db, filters, actor, ip);
    if (truncated) res.setHeader('X-Export-Truncated', 'true');
    res.type('text/csv; charset=utf-8').attachment('audit.csv').send(toCsv(AUDIT_CSV_HEADER, entries.map(auditCsvRow)));
  });

  return router;
}
