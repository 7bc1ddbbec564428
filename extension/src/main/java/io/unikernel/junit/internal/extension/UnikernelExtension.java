package io.unikernel.junit.internal.extension;

import io.unikernel.junit.CapturePackets;
import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelEnvironmentException;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.boot.InstanceGroup;
import io.unikernel.junit.internal.boot.RunningInstance;
import io.unikernel.junit.internal.plan.ClassPlan;
import io.unikernel.junit.internal.plan.Declaration;
import io.unikernel.junit.internal.plan.PlanBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * {@code UnikernelExtension} boots the instances declared with {@link UnikernelInstance} and
 * injects them. Internal, not API: register it with {@link io.unikernel.junit.UnikernelTest}.
 *
 * <p>Static fields are booted in {@code beforeAll} (so they are usable in the user's
 * {@code @BeforeAll}) and stopped in {@code afterAll}; instance fields are booted in {@code
 * beforeEach} and stopped in {@code afterEach}. Both are also closed by the store, whichever comes
 * first; closing twice is harmless.
 */
public final class UnikernelExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        ExecutionCondition {

  private static final Namespace NAMESPACE = Namespace.create(UnikernelExtension.class);
  private static final String CONFIGURATION = "configuration";
  private static final String SCOPE = "scope";

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    // The enclosing class's scope when nested; none for a top-level class.
    ScopeResources parent =
        context
            .getParent()
            .map(outer -> outer.getStore(NAMESPACE).get(SCOPE, ScopeResources.class))
            .orElse(null);
    ScopeResources scope =
        new ScopeResources(parent, shortLabel(testClass), configuration(context));
    context.getStore(NAMESPACE).put(SCOPE, scope);
    if (parent == null && PacketCaptures.wanted(context)) {
      scope.captureTo(
          configuration(context)
              .logsDir()
              .resolve(testClass.getName())
              .resolve(CapturePackets.FILE_NAME));
    }
    boot(context, scope, testClass, fields(testClass, true), null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ScopeResources scope = context.getStore(NAMESPACE).get(SCOPE, ScopeResources.class);
    try {
      closeScope(context);
    } finally {
      if (scope != null) {
        PacketCaptures.publishOrDelete(context, scope);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ScopeResources classScope = scopeOf(context.getParent().orElseThrow());
    ScopeResources scope =
        new ScopeResources(
            classScope, shortLabel(context.getRequiredTestClass()), configuration(context));
    context.getStore(NAMESPACE).put(SCOPE, scope);
    for (Object testInstance : context.getRequiredTestInstances().getAllInstances()) {
      boot(
          context,
          scope,
          testInstance.getClass(),
          fields(testInstance.getClass(), false),
          testInstance);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      ScopeResources scope = context.getStore(NAMESPACE).get(SCOPE, ScopeResources.class);
      if (scope != null) {
        scope.markFailed();
      }
    }
    closeScope(context);
  }

  /** Publishes the consoles of a failed scope as report files, then stops its instances. */
  private static void closeScope(ExtensionContext context) {
    ScopeResources scope = context.getStore(NAMESPACE).get(SCOPE, ScopeResources.class);
    if (scope == null) {
      return;
    }
    try {
      if (context.getExecutionException().isPresent()) {
        FailureReports.publishConsoles(context, scope.visibleInstances());
      }
    } finally {
      scope.close();
    }
  }

  /**
   * Attaches the console tails of every instance the failed test could see, so that the failure
   * report says what the guests were doing.
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    ScopeResources scope = context.getStore(NAMESPACE).get(SCOPE, ScopeResources.class);
    if (scope != null) {
      FailureReports.attachConsoleTails(throwable, scope.visibleInstances());
    }
    throw throwable;
  }

  private void boot(
      ExtensionContext context,
      ScopeResources scope,
      Class<?> owner,
      List<Field> fields,
      Object target) {
    if (fields.isEmpty()) {
      return;
    }
    Configuration configuration = configuration(context);
    List<Declaration> declarations = new ArrayList<>();
    for (Field field : fields) {
      declarations.add(
          new Declaration(
              field.getName(),
              "field [" + field.getDeclaringClass().getName() + "." + field.getName() + "]",
              field.getType(),
              Modifier.isFinal(field.getModifiers()),
              field.getAnnotation(UnikernelInstance.class)));
    }
    ClassPlan plan =
        new PlanBuilder(
                configuration.network(),
                configuration.defaultMemoryMiB(),
                configuration.defaultRuntime(),
                Path.of(""),
                ImageChecks::staticProgram,
                scope.visibleSpecs())
            .build(owner, declarations);
    if (plan.bootOrder().stream().anyMatch(spec -> spec.runtime().equals("ops"))) {
      Optional<String> problem = Preflight.ops(configuration.opsExecutable());
      if (problem.isPresent()) {
        throw new UnikernelEnvironmentException(
            "Instances of [" + owner.getName() + "] use the ops runtime: " + problem.get());
      }
    }
    if (plan.needsBridge()) {
      Optional<String> problem = Preflight.bridged();
      if (problem.isPresent()) {
        throw new UnikernelEnvironmentException(
            "Bridged instances of ["
                + owner.getName()
                + "] cannot run on this host: "
                + problem.get());
      }
    }
    scope.planned(plan.bootOrder());
    // Per-test instances log under the test's name, so one test's log never overwrites another's.
    Path logs = configuration.logsDir().resolve(context.getRequiredTestClass().getName());
    if (target != null) {
      logs = logs.resolve(context.getRequiredTestMethod().getName());
    }
    InstanceGroup group = scope.group(configuration.environment().withLogsDir(logs));
    group.boot(plan);
    for (Field field : fields) {
      String name = declarations.get(fields.indexOf(field)).instanceName();
      RunningInstance instance = group.find(name).orElseThrow();
      inject(field, target, instance);
    }
  }

  private static void inject(Field field, Object target, RunningInstance instance) {
    try {
      field.setAccessible(true);
      field.set(target, convert(field.getType(), instance));
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException(
          "@UnikernelInstance field [" + field + "] cannot be assigned: " + e.getMessage(), e);
    }
  }

  private static Object convert(Class<?> type, Unikernel instance) {
    if (type == Unikernel.class) {
      return instance;
    }
    if (type == InetSocketAddress.class) {
      return instance.address();
    }
    if (type == URI.class) {
      return instance.uri("/");
    }
    if (type == String.class) {
      return instance.ip() + ":" + instance.port();
    }
    throw new IllegalArgumentException("unsupported type " + type);
  }

  /**
   * Skips a class with bridged instances on a host without the rights to make its network, when the
   * user opted in with {@value UnikernelInstance#MISSING_PRIVILEGES}{@code =skip}; otherwise such a
   * class fails in {@code beforeAll} with the reason.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()) {
      return ConditionEvaluationResult.enabled("decided for the class");
    }
    Configuration configuration = configuration(context);
    List<UnikernelInstance> declared =
        Stream.concat(
                fields(context.getRequiredTestClass(), true).stream(),
                fields(context.getRequiredTestClass(), false).stream())
            .map(field -> field.getAnnotation(UnikernelInstance.class))
            .toList();
    boolean ops =
        declared.stream()
            .map(a -> a.runtime().isEmpty() ? configuration.defaultRuntime() : a.runtime())
            .anyMatch("ops"::equals);
    if (ops && configuration.skipWithoutRuntime()) {
      Optional<String> problem = Preflight.ops(configuration.opsExecutable());
      if (problem.isPresent()) {
        return ConditionEvaluationResult.disabled(
            "The ops runtime is not available: " + problem.get());
      }
    }
    boolean bridged = declared.stream().anyMatch(a -> a.mode() == Mode.BRIDGED);
    if (bridged && configuration.skipWithoutPrivileges()) {
      Optional<String> problem = Preflight.bridged();
      if (problem.isPresent()) {
        return ConditionEvaluationResult.disabled(
            "Bridged instances cannot run here: " + problem.get());
      }
    }
    return ConditionEvaluationResult.enabled("this host can run what the class declares");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    return parameterContext.isAnnotated(UnikernelInstance.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    UnikernelInstance annotation =
        parameterContext.findAnnotation(UnikernelInstance.class).orElseThrow();
    String where =
        "@UnikernelInstance parameter ["
            + parameter
            + "] of ["
            + parameter.getDeclaringExecutable()
            + "]";
    if (!PlanBuilder.INJECTABLE_TYPES.contains(parameter.getType())) {
      throw new ParameterResolutionException(
          where
              + " has unsupported type ["
              + parameter.getType().getName()
              + "]; declare it as one of "
              + PlanBuilder.INJECTABLE_TYPES);
    }
    if (!annotation.image().isEmpty()) {
      throw new ParameterResolutionException(
          where
              + " sets image = \""
              + annotation.image()
              + "\": parameters refer to an instance"
              + " declared on a field; declare it on a field and write @UnikernelInstance(name = \"...\")"
              + " here");
    }
    String name =
        annotation.name().isEmpty() && parameter.isNamePresent()
            ? parameter.getName()
            : annotation.name();
    if (name.isEmpty()) {
      throw new ParameterResolutionException(
          where + " has no name; write @UnikernelInstance(name = \"<instance>\")");
    }
    RunningInstance instance =
        scopeOf(context)
            .find(name)
            .orElseThrow(
                () ->
                    new ParameterResolutionException(
                        where
                            + " refers to instance \""
                            + name
                            + "\", but no @UnikernelInstance field"
                            + " of this class (or an enclosing one) declares it"
                            + (context.getTestMethod().isEmpty() ? " as static" : "")));
    return convert(parameter.getType(), instance);
  }

  private static ScopeResources scopeOf(ExtensionContext context) {
    // Store lookups fall back to ancestor contexts, which is what nested classes and tests want.
    ScopeResources scope = context.getStore(NAMESPACE).get(SCOPE, ScopeResources.class);
    if (scope == null) {
      throw new ExtensionConfigurationException(
          "UnikernelExtension is not registered on [" + context.getDisplayName() + "]");
    }
    return scope;
  }

  private static Configuration configuration(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            CONFIGURATION,
            key -> new Configuration(context::getConfigurationParameter),
            Configuration.class);
  }

  /** Returns the annotated fields of {@code type} and its superclasses, superclasses first. */
  private static List<Field> fields(Class<?> type, boolean statics) {
    Predicate<Field> wanted =
        field ->
            field.isAnnotationPresent(UnikernelInstance.class)
                && Modifier.isStatic(field.getModifiers()) == statics;
    List<Field> fields = new ArrayList<>();
    if (type.getSuperclass() != null && type.getSuperclass() != Object.class) {
      fields.addAll(fields(type.getSuperclass(), statics));
    }
    for (Field field : type.getDeclaredFields()) {
      if (wanted.test(field)) {
        fields.add(field);
      }
    }
    return fields;
  }

  /** A short label for thread names: the simple class name. */
  private static String shortLabel(Class<?> type) {
    return type.getSimpleName();
  }
}
