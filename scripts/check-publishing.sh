#!/usr/bin/env bash
# Rehearses a release to Maven Central without uploading it, then uses what it made as a user would.
#
#  1. Copies the work tree to a temporary folder and gives it a release version (the version without
#     -SNAPSHOT): the Central Portal takes releases only, and the plugin bundles releases only.
#  2. Signs with a throwaway GnuPG key (a temporary GNUPGHOME, a passphrase given as a maintainer
#     gives it: MAVEN_GPG_PASSPHRASE) and runs the release build, `-Prelease deploy`, with
#     `-DskipUpload=true`: the central-publishing plugin writes the bundle it would upload and stops
#     there (and its Portal address points nowhere, should that ever not hold). Also unlike a real
#     release: no tests (`./mvnw verify` runs them; nothing here touches Docker), and a local
#     repository of its own.
#  3. Unpacks the bundle, the very files the Portal would get, into a file repository and checks
#     it: every published module with its POM, jar, sources and Javadoc jars (the BOM and the parent:
#     a POM), each signed (gpg --verify) with checksums; no examples; and in every POM, itself or
#     through its published parent, what the Portal requires (name, description, url, licences,
#     developers, scm).
#  4. Makes a new project that imports the BOM and depends on sandbox-api and sandbox-docker from that
#     file repository only (an empty local repository; third-party artifacts come from ~/.m2 read-only,
#     else Maven Central), compiles a class that calls Sandboxes.forWorkspace(...) and runs it.
#
# Exits non-zero with a message naming what is missing. KEEP=1 keeps the temporary folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

fail() { echo "check-publishing: FAILED: $*" >&2; exit 1; }
log() { echo "check-publishing: $*"; }

for tool in git gpg gpg-agent gpgconf python3 java jar tar; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (gpg and gpg-agent: apt-get install gnupg)"
done

start=$SECONDS
tmp="$(mktemp -d /tmp/sandboxes-publish.XXXXXX)"
export GNUPGHOME="$tmp/gnupg"
cleanup() {
  # The agent this script's gpg started, for its own GNUPGHOME only.
  gpgconf --homedir "$GNUPGHOME" --kill gpg-agent >/dev/null 2>&1 || true
  if [[ "${KEEP:-}" == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# --- 1. a copy of the work tree, at a release version -------------------------------------------
src="$tmp/src"
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$src"
[[ -f "$src/pom.xml" && -x "$src/mvnw" ]] || fail "could not copy the work tree from $root"

snapshot="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$src/pom.xml")"
[[ "$snapshot" == *-SNAPSHOT ]] || fail "the parent's version '$snapshot' is not a -SNAPSHOT"
version="${snapshot%-SNAPSHOT}"
find "$src" -name pom.xml -not -path '*/target/*' -exec sed -i "s:<version>$snapshot</version>:<version>$version</version>:g" {} +
if grep -rl --include=pom.xml -e "-SNAPSHOT" "$src" >/dev/null; then
  fail "a POM still names a -SNAPSHOT after setting $version: $(grep -rl --include=pom.xml -e -SNAPSHOT "$src" | tr '\n' ' ')"
fi
log "releasing $version from a copy of $root"

# --- 2. a throwaway key, the release build without the upload ------------------------------------
mkdir -m 700 "$GNUPGHOME"
export MAVEN_GPG_PASSPHRASE="check-$RANDOM-$RANDOM"
gpg --batch --quiet --pinentry-mode loopback --passphrase "$MAVEN_GPG_PASSPHRASE" \
  --quick-gen-key "Sandboxes publishing check <check@sandboxes.invalid>" ed25519 sign 1d 2>/dev/null \
  || fail "gpg could not make a throwaway key in $GNUPGHOME"
key="$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1=="fpr"{print $10; exit}')"
[[ -n "$key" ]] || fail "no secret key in $GNUPGHOME after generating one"
# Forget the passphrase the generation cached: the build must give it (MAVEN_GPG_PASSPHRASE).
gpgconf --homedir "$GNUPGHOME" --reload gpg-agent

# Nothing of dev.sandboxes may come from, or go to, the user's ~/.m2: each build here has a local
# repository of its own, with ~/.m2 read-only behind it (maven.repo.local.tail) for third-party files.
m2="$HOME/.m2/repository"
mkdir -p "$m2"
for module in sandboxes-parent sandbox-bom sandbox-api sandbox-testkit sandbox-docker sandbox-mcp sandbox-examples; do
  [[ ! -e "$m2/dev/sandboxes/$module/$version" ]] \
    || fail "$m2/dev/sandboxes/$module/$version exists (installed by hand?): it would hide the file repository; remove it"
done

build_log="$tmp/release-build.log"
log "running ./mvnw -Prelease deploy -DskipUpload=true (log: $build_log)"
if ! (cd "$src" && ./mvnw -B -ntp -Dmaven.repo.local="$tmp/m2-release" -Dmaven.repo.local.tail="$m2" \
        -Prelease -Dgpg.keyname="$key" -DskipUpload=true -DcentralBaseUrl=http://127.0.0.1:9 \
        -DskipTests -DskipITs=true deploy \
        >"$build_log" 2>&1); then
  tail -n 60 "$build_log" >&2
  fail "the release build failed (above: the end of its log)"
fi
# The plugin writes it under the first module's target (the BOM's): take the one there is.
mapfile -t bundles < <(find "$src" -path '*/target/central-publishing/central-bundle.zip')
if ((${#bundles[@]} != 1)); then
  grep -i "central" "$build_log" | tail -n 20 >&2
  fail "expected one central-bundle.zip under $src, found ${#bundles[@]}"
fi
bundle="${bundles[0]}"
grep -q "Skipping the upload of the bundle" "$build_log" \
  || fail "the build did not report skipping the upload: check that -DskipUpload=true still reaches the plugin"

# --- 3. the bundle as a file repository, checked ---------------------------------------------------
repo="$tmp/repo"
mkdir -p "$repo"
(cd "$repo" && jar xf "$bundle") || fail "could not unpack $bundle"
log "bundle unpacked into file://$repo"

python3 - "$repo" "$version" <<'EOF' || fail "the bundle is incomplete (above)"
import os, re, subprocess, sys, hashlib
import xml.etree.ElementTree as ET

repo, version = sys.argv[1], sys.argv[2]
group = "dev/sandboxes"
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
expected = {  # artifactId: published files besides the POM
    "sandboxes-parent": [],
    "sandbox-bom": [],
    "sandbox-api": [".jar", "-sources.jar", "-javadoc.jar"],
    "sandbox-testkit": [".jar", "-sources.jar", "-javadoc.jar"],
    "sandbox-docker": [".jar", "-sources.jar", "-javadoc.jar"],
    "sandbox-mcp": [".jar", "-sources.jar", "-javadoc.jar"],
}
problems = []
base = os.path.join(repo, group)
found = sorted(os.listdir(base)) if os.path.isdir(base) else []
for extra in set(found) - set(expected):
    problems.append(f"{extra} is in the bundle but should not be published")
if os.listdir(repo) != ["dev"]:
    problems.append(f"the bundle holds more than dev/sandboxes: {os.listdir(repo)}")

poms = {}
for artifact, suffixes in expected.items():
    folder = os.path.join(base, artifact, version)
    if not os.path.isdir(folder):
        problems.append(f"{artifact} {version} is missing from the bundle")
        continue
    names = set(os.listdir(folder))
    wanted = {f"{artifact}-{version}{s}" for s in [".pom"] + suffixes}
    for extra in sorted(n for n in names - wanted
                        if not any(n.endswith(e) for e in (".asc", ".md5", ".sha1", ".sha256", ".sha512"))):
        problems.append(f"{artifact}: unexpected file {extra}")
    for name in sorted(wanted):
        path = os.path.join(folder, name)
        if name not in names:
            problems.append(f"{artifact}: {name} is missing")
            continue
        data = open(path, "rb").read()
        for ext, algo in (("md5", "md5"), ("sha1", "sha1")):
            sums = path + "." + ext
            if not os.path.exists(sums):
                problems.append(f"{artifact}: {name}.{ext} is missing")
            elif open(sums).read().split()[0].strip() != hashlib.new(algo, data).hexdigest():
                problems.append(f"{artifact}: {name}.{ext} does not match")
        sig = path + ".asc"
        if not os.path.exists(sig):
            problems.append(f"{artifact}: {name}.asc (signature) is missing")
        else:
            r = subprocess.run(["gpg", "--batch", "--status-fd", "1", "--verify", sig, path],
                               capture_output=True, text=True)
            if r.returncode != 0 or "[GNUPG:] VALIDSIG" not in r.stdout:
                problems.append(f"{artifact}: gpg does not accept {name}.asc: {r.stderr.strip()}")
    if f"{artifact}-{version}.pom" in names:
        poms[artifact] = ET.parse(os.path.join(folder, f"{artifact}-{version}.pom")).getroot()

def text(root, path):
    e = root.find(path, ns)
    return e.text.strip() if e is not None and e.text and e.text.strip() else None

def props(root):
    p = root.find("m:properties", ns)
    return {child.tag.split("}")[1]: (child.text or "") for child in p} if p is not None else {}

def lookup(artifact, path, seen=()):
    """The value as Maven's inheritance gives it: this POM's, else its (published) parent's."""
    root = poms[artifact]
    value = text(root, path)
    if value is not None:
        return value, props(root)
    parent = text(root, "m:parent/m:artifactId")
    if path != "m:name" and parent in poms and parent not in seen:
        value, parent_props = lookup(parent, path, seen + (artifact,))
        return value, {**parent_props, **props(root)}
    return None, {}

required = {
    "name": "m:name", "description": "m:description", "url": "m:url",
    "licence": "m:licenses/m:license/m:name", "licence url": "m:licenses/m:license/m:url",
    "developer": "m:developers/m:developer/m:name",
    "scm url": "m:scm/m:url", "scm connection": "m:scm/m:connection",
}
for artifact, root in poms.items():
    parent = text(root, "m:parent/m:artifactId")
    if parent is not None and parent not in poms:
        problems.append(f"{artifact}: its parent {parent} is not in the bundle")
    for what, path in required.items():
        value, known = lookup(artifact, path)
        if value is None:
            problems.append(f"{artifact}: the POM has no {what} ({path.replace('m:', '')})")
            continue
        value = re.sub(r"\$\{([^}]+)\}", lambda m: known.get(m.group(1), m.group(0)), value)
        if "${" in value:
            problems.append(f"{artifact}: {what} '{value}' is not resolved")
    if text(root, "m:version") not in (None, version) or "SNAPSHOT" in ET.tostring(root, encoding="unicode"):
        problems.append(f"{artifact}: the POM names another version than {version}")

for p in problems:
    print("check-publishing:   " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-publishing: bundle complete: {', '.join(expected)} {version}, signed, with checksums and POM metadata")
EOF

# --- 4. a new project resolves them from the file repository ---------------------------------------
user="$tmp/user"
mkdir -p "$user/src/main/java/example"
cat >"$user/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>example</groupId>
    <artifactId>uses-sandboxes</artifactId>
    <version>1</version>
    <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    </properties>
    <repositories>
        <repository>
            <id>release-check</id>
            <url>file://$repo</url>
            <snapshots><enabled>false</enabled></snapshots>
        </repository>
    </repositories>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>dev.sandboxes</groupId>
                <artifactId>sandbox-bom</artifactId>
                <version>$version</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
    <dependencies>
        <dependency>
            <groupId>dev.sandboxes</groupId>
            <artifactId>sandbox-api</artifactId>
        </dependency>
        <dependency>
            <groupId>dev.sandboxes</groupId>
            <artifactId>sandbox-docker</artifactId>
            <scope>runtime</scope>
        </dependency>
    </dependencies>
    <build>
        <pluginManagement>
            <plugins>
                <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.11.0</version></plugin>
            </plugins>
        </pluginManagement>
    </build>
</project>
EOF
cat >"$user/src/main/java/example/UsesSandboxes.java" <<'EOF'
package example;

import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.spi.SandboxRuntimeProvider;
import java.nio.file.Path;
import java.util.ServiceLoader;

/** Builds a sandbox's settings without opening it, and finds the Docker runtime without probing it: no engine. */
public class UsesSandboxes {
    public static void main(String[] args) {
        SandboxBuilder builder = Sandboxes.forWorkspace(Path.of(args[0])).env("APP_ENV", "check");
        System.out.println("built " + builder.getClass().getName());
        for (SandboxRuntimeProvider provider : ServiceLoader.load(SandboxRuntimeProvider.class)) {
            System.out.println("runtime provider " + provider.name());
        }
    }
}
EOF

user_repo="$tmp/m2"
mkdir -p "$user_repo"
user_log="$tmp/user-build.log"
log "resolving from file://$repo in a new project (local repository $user_repo)"
if ! (cd "$user" && "$src/mvnw" -B -ntp -Dmaven.repo.local="$user_repo" \
        -Dmaven.repo.local.tail="$m2" \
        compile dependency:build-classpath -Dmdep.outputFile=classpath.txt -Dmdep.includeScope=runtime \
        >"$user_log" 2>&1); then
  tail -n 40 "$user_log" >&2
  fail "a new project could not build against the file repository (above: the end of its log)"
fi
for artifact in sandbox-bom sandboxes-parent sandbox-api sandbox-docker; do
  origin="$user_repo/dev/sandboxes/$artifact/$version/_remote.repositories"
  [[ -f "$origin" ]] && grep -q ">release-check=" "$origin" \
    || fail "$artifact $version was not resolved from the file repository (see $origin)"
done
out="$(java -cp "$user/target/classes:$(cat "$user/classpath.txt")" example.UsesSandboxes "$user")" \
  || fail "the new project's class did not run: $out"
grep -q "runtime provider docker" <<<"$out" || fail "the new project's class printed: $out"

for module in sandboxes-parent sandbox-bom sandbox-api sandbox-testkit sandbox-docker sandbox-mcp sandbox-examples; do
  [[ ! -e "$m2/dev/sandboxes/$module/$version" ]] || fail "the check wrote $module $version into $m2"
done
log "OK in $((SECONDS - start)) s: signed bundle of $version checked, and used from file://$repo by a new project"
