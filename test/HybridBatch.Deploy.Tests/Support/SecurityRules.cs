using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// Security rules for a template, each returning its violations as "where: what". A documented exception to the
/// wildcard-resource rule is an entry in the owning resource's <c>Metadata.WildcardResources</c>: the action
/// and why AWS allows nothing narrower.
/// </summary>
internal static partial class SecurityRules
{
    public static IReadOnlyList<string> AllowedActions(JsonObject template) =>
        Statements(template).Where(s => IsAllow(s.Statement)).SelectMany(s => ActionProblems(s.Where, s.Statement)).ToList();

    public static IReadOnlyList<string> WildcardResources(JsonObject template)
    {
        var problems = new List<string>();
        foreach ((string owner, string where, JsonObject statement) in Statements(template).Where(s => IsAllow(s.Statement)))
        {
            if (!Intrinsics.Items(statement["Resource"]).Any(r => Intrinsics.Text(r) == "*"))
            {
                continue;
            }

            JsonNode? reasons = template["Resources"]?[owner]?["Metadata"]?["WildcardResources"];
            foreach (string action in Intrinsics.Items(statement["Action"]).Select(Intrinsics.Text).OfType<string>())
            {
                if (string.IsNullOrWhiteSpace(Intrinsics.Text(reasons?[action])))
                {
                    problems.Add($"{where}: {action} on Resource \"*\" without a reason in {owner}'s Metadata.WildcardResources");
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> Buckets(JsonObject template)
    {
        var problems = new List<string>();
        foreach ((string name, JsonObject bucket) in OfType(template, "AWS::S3::Bucket"))
        {
            JsonNode? properties = bucket["Properties"];
            var algorithms = Intrinsics.Items(properties?["BucketEncryption"]?["ServerSideEncryptionConfiguration"])
                .Select(rule => Intrinsics.Text(rule?["ServerSideEncryptionByDefault"]?["SSEAlgorithm"])).ToList();
            if (algorithms.Count == 0 || algorithms.Any(a => a is not ("AES256" or "aws:kms" or "aws:kms:dsse")))
            {
                problems.Add($"{name}: no default encryption");
            }

            JsonNode? block = properties?["PublicAccessBlockConfiguration"];
            foreach (string setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            {
                if (Intrinsics.Text(block?[setting]) != "true")
                {
                    problems.Add($"{name}: PublicAccessBlockConfiguration.{setting} is not true");
                }
            }

            bool tlsOnly = OfType(template, "AWS::S3::BucketPolicy")
                .Where(p => Intrinsics.Text(p.Resource["Properties"]?["Bucket"]?["Ref"]) == name)
                .SelectMany(p => Intrinsics.Items(p.Resource["Properties"]?["PolicyDocument"]?["Statement"]))
                .Any(s => Intrinsics.Text(s?["Effect"]) == "Deny" && Intrinsics.Text(s?["Condition"]?["Bool"]?["aws:SecureTransport"]) == "false");
            if (!tlsOnly)
            {
                problems.Add($"{name}: no bucket policy denies requests without TLS (aws:SecureTransport false)");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> LaunchTemplates(JsonObject template)
    {
        var problems = new List<string>();
        foreach ((string name, JsonObject launchTemplate) in OfType(template, "AWS::EC2::LaunchTemplate"))
        {
            JsonNode? data = launchTemplate["Properties"]?["LaunchTemplateData"];
            foreach (JsonNode? mapping in Intrinsics.Items(data?["BlockDeviceMappings"]))
            {
                if (mapping?["Ebs"] is JsonNode ebs && Intrinsics.Text(ebs["Encrypted"]) != "true")
                {
                    problems.Add($"{name}: volume {Intrinsics.Text(mapping["DeviceName"])} is not encrypted");
                }
            }

            if (Intrinsics.Text(data?["MetadataOptions"]?["HttpTokens"]) != "required")
            {
                problems.Add($"{name}: IMDSv2 is not required (MetadataOptions.HttpTokens)");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> Ingress(JsonObject template)
    {
        var problems = OfType(template, "AWS::EC2::SecurityGroup")
            .Where(g => g.Resource["Properties"]?["SecurityGroupIngress"] is not null)
            .Select(g => $"{g.Name}: has SecurityGroupIngress")
            .ToList();
        problems.AddRange(OfType(template, "AWS::EC2::SecurityGroupIngress").Select(r => $"{r.Name}: an ingress rule"));
        return problems;
    }

    public static IReadOnlyList<string> Queues(JsonObject template) =>
        OfType(template, "AWS::SQS::Queue")
            .Where(q => Intrinsics.Text(q.Resource["Properties"]?["SqsManagedSseEnabled"]) != "true" && q.Resource["Properties"]?["KmsMasterKeyId"] is null)
            .Select(q => $"{q.Name}: not encrypted")
            .ToList();

    private static bool IsAllow(JsonObject statement) => Intrinsics.Text(statement["Effect"]) == "Allow";

    private static IEnumerable<string> ActionProblems(string where, JsonObject statement)
    {
        foreach (string field in new[] { "NotAction", "NotResource" })
        {
            if (statement[field] is not null)
            {
                yield return $"{where}: an Allow statement with {field}";
            }
        }

        foreach (string action in Intrinsics.Items(statement["Action"]).Select(Intrinsics.Text).OfType<string>())
        {
            if (action == "*" || action.EndsWith(":*", StringComparison.Ordinal))
            {
                yield return $"{where}: allows {action}";
            }
        }
    }

    /// <summary>Every policy statement (not trust policies) with the resource that owns it.</summary>
    internal static IEnumerable<(string Owner, string Where, JsonObject Statement)> Statements(JsonObject template)
    {
        foreach ((string name, JsonNode? node) in template["Resources"]?.AsObject() ?? [])
        {
            JsonNode? properties = node?["Properties"];
            var documents = new List<(string Where, JsonNode? Document)>();
            switch (Intrinsics.Text(node?["Type"]))
            {
                case "AWS::IAM::Role":
                case "AWS::IAM::User":
                case "AWS::IAM::Group":
                    documents.AddRange(Intrinsics.Items(properties?["Policies"]).Select(p => ($"{name}.{Intrinsics.Text(p?["PolicyName"])}", p?["PolicyDocument"])));
                    break;
                case "AWS::IAM::Policy":
                case "AWS::IAM::ManagedPolicy":
                case "AWS::S3::BucketPolicy":
                case "AWS::SQS::QueuePolicy":
                    documents.Add((name, properties?["PolicyDocument"]));
                    break;
                case "AWS::Logs::ResourcePolicy":
                    documents.Add((name, ParseSubstitutedJson(properties?["PolicyDocument"])));
                    break;
                case "AWS::Serverless::Function":
                case "AWS::Serverless::StateMachine":
                    documents.AddRange(Intrinsics.Items(properties?["Policies"]).Where(p => p?["Statement"] is not null).Select(p => (name, p)));
                    break;
            }

            foreach ((string where, JsonNode? document) in documents)
            {
                foreach (JsonNode? statement in Intrinsics.Items(document?["Statement"]))
                {
                    if (statement is JsonObject value)
                    {
                        yield return (name, $"{where}/{Intrinsics.Text(value["Sid"]) ?? "statement"}", value);
                    }
                }
            }
        }
    }

    // A policy written as a JSON string (possibly in !Sub): parse it with the ${...} variables blanked.
    private static JsonNode? ParseSubstitutedJson(JsonNode? node)
    {
        string? text = Intrinsics.Text(node) ?? Intrinsics.Text(node?["Fn::Sub"]);
        return text is null ? null : JsonNode.Parse(Variable().Replace(text, "x"));
    }

    private static IEnumerable<(string Name, JsonObject Resource)> OfType(JsonObject template, string type) =>
        (template["Resources"]?.AsObject() ?? []).Where(p => Intrinsics.Text(p.Value?["Type"]) == type).Select(p => (p.Key, p.Value!.AsObject()));

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex Variable();
}
