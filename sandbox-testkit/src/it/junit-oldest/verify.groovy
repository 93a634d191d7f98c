// The build passed (else the invoker fails it before this script); here: the tests ran, on this
// project's JUnit and no other.
def pom = new File(basedir, 'pom.xml').text
def junit = (pom =~ /<junit\.version>([^<]+)</)[0][1]
def platform = '1.' + junit.substring(2)

def suites = [:]
def classPath = null
new File(basedir, 'target/surefire-reports').eachFileMatch(~/TEST-.*\.xml/) { file ->
    def text = file.text
    def suite = text =~ /<testsuite [^>]*name="([^"]+)"[^>]*tests="(\d+)" errors="(\d+)" skipped="(\d+)" failures="(\d+)"/
    assert suite.find() : "no test suite in ${file}"
    suites[suite.group(1)] = [tests: suite.group(2) as int, errors: suite.group(3) as int,
                              skipped: suite.group(4) as int, failures: suite.group(5) as int, text: text]
    classPath = classPath ?: (text =~ /<property name="surefire\.test\.class\.path" value="([^"]*)"/)[0][1]
}
def jars = classPath.split(File.pathSeparator).collect { new File(it).name }
def jupiter = jars.findAll { it.startsWith('junit-jupiter') }
def platformJars = jars.findAll { it.startsWith('junit-platform') }
assert jupiter.any { it == "junit-jupiter-api-${junit}.jar" } : "JUnit ${junit} on the class path: ${jars}"
assert jupiter.every { it.endsWith("-${junit}.jar") } : "only JUnit Jupiter ${junit}: ${jupiter}"
assert platformJars.every { it.endsWith("-${platform}.jar") } : "only JUnit Platform ${platform}: ${platformJars}"

def ran = { name, tests, skipped = 0 ->
    def suite = suites[name]
    assert suite : "${name} ran: ${suites.keySet()}"
    assert [suite.tests, suite.errors, suite.skipped, suite.failures] == [tests, 0, skipped, 0] : "${name}: ${suite.findAll { it.key != 'text' }}"
    suite
}

ran('it.InMemorySandboxTest', 2)
ran('it.InMemoryRuntimeContractTest', 31)
// Without Testcontainers, the testkit's own detection: no Docker runtime on this class path.
def onDocker = ran('it.OnDockerTest', 1, 1)
assert onDocker.text.contains('the Docker runtime is not on the class path') : onDocker.text
assert !jars.any { it.startsWith('testcontainers') } : "no Testcontainers: ${jars}"
true
