-- Helpers of the dbwarden health checks. Argo CD runs each check as one script, so the generated
-- argocd-cm.yaml puts this file in front of databasepolicy.lua and of accessgrant.lua.

-- The condition of type `name` in `conditions`, or nil.
local function condition(conditions, name)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == name then
      return c
    end
  end
  return nil
end

-- The message of condition `c`, or `fallback` when it has none.
local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

-- What Argo CD takes from a health check: a status and a message.
local function health(status, message)
  return {status = status, message = message}
end
