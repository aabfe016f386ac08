-- Argo CD health of a dbwarden AccessGrant (argocd-cm key
-- resource.customizations.health.dbwarden.io_AccessGrant, after common.lua). Argo CD runs it with
-- the grant as the global `obj` and takes the table it returns. Only the base and table libraries
-- are used: Argo CD opens no others for custom scripts.
--
--   Progressing  no phase yet: the operator has not evaluated the grant
--   Suspended    Pending: waiting for a person (one of the policy's approvers) to decide, which is
--                what Argo CD's Suspended means (paused until something outside resumes it)
--   Healthy      Approved (usable until status.expiresAt), Executed (used up), or Expired after an
--                approval: the grant did what it was for; delete it from the repository
--   Degraded     Denied, Expired without an accepted approval, or Pending for a policy that does
--                not exist: the grant will never be usable, and someone should look
--   Unknown      a phase this script does not know

local status = obj.status
if status == nil or status.phase == nil then
  return health("Progressing", "Waiting for the dbwarden operator to evaluate the grant")
end

local phase = status.phase
local decided = condition(status.conditions, "Decided")
local by = status.decidedBy or "an approver"
local expiresAt = status.expiresAt or "its deadline"

if phase == "Pending" then
  local policyFound = condition(status.conditions, "PolicyFound")
  if policyFound ~= nil and policyFound.status == "False" then
    return health("Degraded", messageOf(policyFound, "The grant's DatabasePolicy does not exist"))
  end
  return health("Suspended", messageOf(decided, "Waiting for an approver's decision")
      .. "; the request expires at " .. expiresAt)
elseif phase == "Approved" then
  return health("Healthy", "Approved by " .. by .. "; usable until " .. expiresAt)
elseif phase == "Executed" then
  local runs = 0
  if status.executions ~= nil then
    runs = #status.executions
  end
  return health("Healthy", "Approved by " .. by .. " and used up (" .. runs .. " runs)")
elseif phase == "Denied" then
  return health("Degraded", messageOf(decided, "Denied by " .. by))
elseif phase == "Expired" then
  if decided ~= nil and decided.status == "True" and status.decision == "Approved" then
    return health("Healthy", "Approved by " .. by .. "; expired at " .. expiresAt)
  elseif decided == nil or decided.reason == "AwaitingDecision" then
    return health("Degraded", "Expired at " .. expiresAt .. ": nobody decided in time")
  end
  return health("Degraded", "Expired at " .. expiresAt .. " without an approval: "
      .. messageOf(decided, "the decision did not count"))
end
return health("Unknown", "Unknown phase " .. phase)
