import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api/context';
export function webRoutes(app: FastifyInstance, ctx: ApiContext): void { void app; void ctx; }
