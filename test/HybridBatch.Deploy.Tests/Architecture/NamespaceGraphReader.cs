using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace HybridBatch.Deploy.Tests.Architecture;

/// <summary>
/// Builds an assembly's namespace dependency graph from its metadata: for every type defined in a namespace, the other
/// namespaces of the same assembly that its base type, interfaces, fields, method and property signatures, and the
/// tokens in its method bodies (calls, field accesses, casts, allocations, generic instantiations) name. Nested and
/// compiler-generated types (lambdas, async state machines) count for the namespace of the type that declares them.
/// Constants are inlined by the compiler and so are not dependencies; neither are XML doc references.
/// </summary>
internal static class NamespaceGraphReader
{
    // The operand size of every IL opcode, from the runtime's own table (OpCodes), so the body scanner never guesses.
    private static readonly Dictionary<ushort, OperandType> s_operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => unchecked((ushort)code.Value), code => code.OperandType);

    public static Dictionary<string, IReadOnlySet<string>> Read(PEReader pe, MetadataReader metadata, string namespacePrefix)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var provider = new TypeNamespaces(metadata);
        foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
        {
            string from = provider.NamespaceOf(handle);
            if (!InGraph(from, namespacePrefix))
            {
                continue;
            }

            HashSet<string> targets = edges.TryGetValue(from, out HashSet<string>? known) ? known : edges[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (string to in Uses(pe, metadata, provider, metadata.GetTypeDefinition(handle)))
            {
                if (to != from && InGraph(to, namespacePrefix))
                {
                    targets.Add(to);
                }
            }
        }

        return edges.ToDictionary(entry => entry.Key, entry => (IReadOnlySet<string>)entry.Value, StringComparer.Ordinal);
    }

    private static bool InGraph(string ns, string prefix) => ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static IEnumerable<string> Uses(PEReader pe, MetadataReader metadata, TypeNamespaces provider, TypeDefinition type)
    {
        var used = new List<string>();
        if (!type.BaseType.IsNil)
        {
            used.AddRange(provider.Of(type.BaseType));
        }

        foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
        {
            used.AddRange(provider.Of(metadata.GetInterfaceImplementation(implementation).Interface));
        }

        foreach (FieldDefinitionHandle field in type.GetFields())
        {
            used.AddRange(metadata.GetFieldDefinition(field).DecodeSignature(provider, null));
        }

        foreach (PropertyDefinitionHandle property in type.GetProperties())
        {
            MethodSignature<IReadOnlyList<string>> signature = metadata.GetPropertyDefinition(property).DecodeSignature(provider, null);
            used.AddRange(signature.ReturnType);
            used.AddRange(signature.ParameterTypes.SelectMany(parameter => parameter));
        }

        foreach (MethodDefinitionHandle handle in type.GetMethods())
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            MethodSignature<IReadOnlyList<string>> signature = method.DecodeSignature(provider, null);
            used.AddRange(signature.ReturnType);
            used.AddRange(signature.ParameterTypes.SelectMany(parameter => parameter));
            if (method.RelativeVirtualAddress != 0)
            {
                MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    used.AddRange(metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null).SelectMany(local => local));
                }

                used.AddRange(BodyTokens(body.GetILReader()).SelectMany(provider.OfToken));
            }
        }

        return used;
    }

    /// <summary>The metadata tokens a method body's instructions carry (the operands of call, newobj, ldfld, castclass, ldtoken …).</summary>
    private static IEnumerable<EntityHandle> BodyTokens(BlobReader il)
    {
        var tokens = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il.ReadByte());
            }

            OperandType operand = s_operands.TryGetValue(code, out OperandType known)
                ? known
                : throw new InvalidDataException($"unknown IL opcode 0x{code:X} at offset {il.Offset}");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR: four bytes.
                    il.Offset += 4;
                    break;
            }
        }

        return tokens;
    }

    /// <summary>Decodes a signature or a token into the namespaces of the types of this assembly it names.</summary>
    private sealed class TypeNamespaces(MetadataReader metadata) : ISignatureTypeProvider<IReadOnlyList<string>, object?>
    {
        private static readonly IReadOnlyList<string> s_none = [];

        public string NamespaceOf(TypeDefinitionHandle handle)
        {
            TypeDefinition type = metadata.GetTypeDefinition(handle);
            while (type.IsNested)
            {
                type = metadata.GetTypeDefinition(type.GetDeclaringType());
            }

            return metadata.GetString(type.Namespace);
        }

        public IReadOnlyList<string> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => [NamespaceOf((TypeDefinitionHandle)handle)],
            HandleKind.TypeSpecification => metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            // Types of other assemblies are not part of this assembly's namespace graph.
            _ => s_none,
        };

        public IEnumerable<string> OfToken(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                    return Of(handle);
                case HandleKind.MethodDefinition:
                    return [NamespaceOf(metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType())];
                case HandleKind.FieldDefinition:
                    return [NamespaceOf(metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType())];
                case HandleKind.MemberReference:
                    MemberReference member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                    IEnumerable<string> parent = member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeSpecification ? Of(member.Parent) : s_none;
                    IEnumerable<string> signature = member.GetKind() == MemberReferenceKind.Method
                        ? Flatten(member.DecodeMethodSignature(this, null))
                        : member.DecodeFieldSignature(this, null);
                    return parent.Concat(signature);
                case HandleKind.MethodSpecification:
                    MethodSpecification specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return OfToken(specification.Method).Concat(specification.DecodeSignature(this, null).SelectMany(argument => argument));
                default:
                    return s_none;
            }
        }

        private static IEnumerable<string> Flatten(MethodSignature<IReadOnlyList<string>> signature) =>
            signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(parameter => parameter));

        public IReadOnlyList<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [NamespaceOf(handle)];

        public IReadOnlyList<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => s_none;

        public IReadOnlyList<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public IReadOnlyList<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => s_none;

        public IReadOnlyList<string> GetSZArrayType(IReadOnlyList<string> elementType) => elementType;

        public IReadOnlyList<string> GetArrayType(IReadOnlyList<string> elementType, ArrayShape shape) => elementType;

        public IReadOnlyList<string> GetByReferenceType(IReadOnlyList<string> elementType) => elementType;

        public IReadOnlyList<string> GetPointerType(IReadOnlyList<string> elementType) => elementType;

        public IReadOnlyList<string> GetPinnedType(IReadOnlyList<string> elementType) => elementType;

        public IReadOnlyList<string> GetGenericInstantiation(IReadOnlyList<string> genericType, ImmutableArray<IReadOnlyList<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(argument => argument)];

        public IReadOnlyList<string> GetGenericMethodParameter(object? genericContext, int index) => s_none;

        public IReadOnlyList<string> GetGenericTypeParameter(object? genericContext, int index) => s_none;

        public IReadOnlyList<string> GetFunctionPointerType(MethodSignature<IReadOnlyList<string>> signature) => [.. Flatten(signature)];

        public IReadOnlyList<string> GetModifiedType(IReadOnlyList<string> modifier, IReadOnlyList<string> unmodifiedType, bool isRequired) => unmodifiedType;

        public IReadOnlyList<string> GetTypeFromSerializedName(string name) => s_none;
    }
}
