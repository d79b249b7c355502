# Sourced by ./vigil and .ci/run: puts a Node.js >= 22 first on PATH.
# Uses the system Node when it is new enough; otherwise installs the pinned Node 24 from the
# npm registry package `node` into .vigil/node (seconds, no other network needed).
# shellcheck shell=bash
VIGIL_NODE_VERSION="${VIGIL_NODE_VERSION:-24.21.0}"

vigil_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

vigil_ensure_node() {
  local root="$1" local_bin="$1/.vigil/node/node_modules/.bin"
  if [ -x "$local_bin/node" ]; then
    export PATH="$local_bin:$PATH"
    vigil_node_headers "$root"
    return 0
  fi
  if [ "$(vigil_node_major)" -ge 22 ]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "vigil: npm is needed to install Node ${VIGIL_NODE_VERSION}" >&2; return 1; }
  echo "vigil: system Node is $(node --version 2>/dev/null || echo missing); installing Node ${VIGIL_NODE_VERSION} into .vigil/node" >&2
  mkdir -p "$root/.vigil/node"
  (cd "$root/.vigil/node" && npm install --no-save --no-audit --no-fund --prefix . "node@${VIGIL_NODE_VERSION}" >/dev/null) \
    || { echo "vigil: could not install node@${VIGIL_NODE_VERSION} from the npm registry" >&2; return 1; }
  export PATH="$local_bin:$PATH"
  vigil_node_headers "$root"
  [ "$(vigil_node_major)" -ge 22 ] || { echo "vigil: Node at $local_bin does not run" >&2; return 1; }
}

# Native addons (re2) are compiled by npm's node-gyp, which otherwise takes the headers of the
# system Node next to npm (a different ABI); the `node` package ships Node 24's own headers.
vigil_node_headers() {
  local include
  for include in "$1"/.vigil/node/node_modules/node/node_modules/node-*/include/node; do
    [ -f "$include/node_version.h" ] && export npm_config_nodedir="${include%/include/node}"
  done
  return 0
}
