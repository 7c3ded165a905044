package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for integration tests: starts one real local stack (KRaft broker + ClickHouse)
 * per test JVM, in a temporary folder, and stops it when the JVM's tests are done. Test methods and
 * constructors can take a {@link StackEndpoints} parameter.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    endpoints(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == StackEndpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return endpoints(context);
  }

  private static StackEndpoints endpoints(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunningStack.class, key -> RunningStack.start(), RunningStack.class)
        .endpoints();
  }

  private record RunningStack(StackEndpoints endpoints)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static RunningStack start() {
      try {
        Path dir = Files.createTempDirectory("headroom-it-stack-");
        return new RunningStack(LocalStack.up(dir, BrokerJars.locate(), true));
      } catch (IOException e) {
        throw new IllegalStateException("could not start the local stack: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      LocalStack.down(endpoints.dataDir());
    }
  }
}
