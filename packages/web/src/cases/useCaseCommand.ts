/**
 * Commands on the case screen, optimistic from the event model: the event a command will
 * record is applied at once to the case on screen with core's own reducer (`applyCaseEvent`,
 * the server's code), so what the clinician typed appears without waiting on the network. The
 * server's answer then replaces it; a refusal puts the case back as it was and says why.
 *
 * Commands of one case run one after another (a mutation scope), so two notes typed quickly
 * reach the record in the order they were written.
 */
import { applyCaseEvent, type CaseEventType, newId } from '@lantern/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePrincipal } from '../session/SessionProvider.js';
import { type CaseCommand, type CaseView, type CommandResult, sendCaseCommand } from './caseViewApi.js';

export const caseKey = (caseId: string) => ['case', caseId] as const;
export const historyKey = (caseId: string) => ['case-history', caseId] as const;

export interface CaseCommandRequest extends CaseCommand {
  /** What the server will record, to show before it answers; left out when it cannot be known here. */
  optimistic?: { type: CaseEventType; data: unknown };
  /** Shown once recorded. */
  done?: string;
}

export function useCaseCommand(caseId: string) {
  const queryClient = useQueryClient();
  const me = usePrincipal();
  return useMutation({
    scope: { id: `case:${caseId}` },
    mutationFn: (c: CaseCommandRequest): Promise<CommandResult> => sendCaseCommand(caseId, c),
    onMutate: async (c) => {
      await queryClient.cancelQueries({ queryKey: caseKey(caseId) });
      const previous = queryClient.getQueryData<CaseView>(caseKey(caseId));
      if (previous && c.optimistic) {
        try {
          const next = applyCaseEvent(previous, {
            id: newId(),
            type: c.optimistic.type,
            data: c.optimistic.data,
            occurredAt: new Date().toISOString(),
            actor: me.user.id,
            streamId: caseId,
          });
          queryClient.setQueryData<CaseView>(caseKey(caseId), {
            ...next,
            version: previous.version,
            breachBand: previous.breachBand,
          });
        } catch {
          // Not valid here: show nothing early; the server's answer will say why.
        }
      }
      return { previous };
    },
    onError: (_err, _c, context) => {
      if (context?.previous) queryClient.setQueryData(caseKey(caseId), context.previous);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(caseKey(caseId), result.case);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: historyKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
    },
  });
}
