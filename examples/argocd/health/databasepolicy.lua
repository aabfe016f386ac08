-- Argo CD health of a dbwarden DatabasePolicy (argocd-cm key
-- resource.customizations.health.dbwarden.io_DatabasePolicy, after common.lua). Argo CD runs it
-- with the policy as the global `obj` and takes the table it returns. Only the base and table
-- libraries are used: Argo CD opens no others for custom scripts.
--
--   Progressing  the operator has not yet judged this generation of the spec, or some selected
--                sidecars do not enforce its current version yet
--   Degraded     the spec is invalid (Valid=False), a sidecar refused the bundle, or another
--                invalid policy on the same pods holds it back: none of these pass by waiting
--   Healthy      every selected sidecar enforces the current version, or the policy selects no
--                pod with a sidecar yet (a policy deployed ahead of its workloads, as GitOps does,
--                is not failing: the operator says Ready, reason NoSidecars)

local status = obj.status
if status == nil or status.observedGeneration == nil then
  return health("Progressing", "Waiting for the dbwarden operator to validate the policy")
end
local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= generation then
  return health("Progressing",
      "Waiting for the dbwarden operator to validate generation " .. generation)
end

local valid = condition(status.conditions, "Valid")
if valid ~= nil and valid.status == "False" then
  return health("Degraded", messageOf(valid, "The policy's spec is not valid"))
end

local ready = condition(status.conditions, "Ready")
local sidecars = status.sidecars or {}
local total = sidecars.total or 0
local inSync = sidecars.inSync or 0
local rejected = sidecars.rejected or 0
local readyFalse = ready ~= nil and ready.status == "False"
if rejected > 0 or (readyFalse and (ready.reason == "SidecarsRejected"
    or ready.reason == "HeldByInvalidPolicy")) then
  return health("Degraded",
      messageOf(ready, rejected .. " of " .. total .. " sidecars refused the policy"))
end
if inSync < total or readyFalse then
  return health("Progressing",
      messageOf(ready, inSync .. " of " .. total .. " sidecars enforce the policy"))
end
if total == 0 then
  return health("Healthy", "Valid; selects no pod with a dbwarden sidecar yet")
end
return health("Healthy", messageOf(ready, "All " .. total .. " sidecars enforce the policy"))
