/** Who calls a write route, as the use cases take it: the actor and the rights of its session. */
import type { FastifyRequest } from "fastify";
import type { Actor } from "../../domain/actor.js";
import type { Caller } from "../../services/execution/execution-rules.js";
import { type Auth, canEditUnit, hasRole } from "../auth/permissions.js";

export function actorOf(auth: Auth, request: FastifyRequest): Actor {
  return { userId: auth.user.id, ip: request.ip };
}

/** The actor with the rights its session grants in the institution, for the use case to decide. */
export function callerOf(auth: Auth, request: FastifyRequest, institutionId: string): Caller {
  return {
    ...actorOf(auth, request),
    planner: hasRole(auth, institutionId, ["planner"]),
    editsUnit: (unitId, unitChain) => canEditUnit(auth, institutionId, unitId, unitChain),
  };
}
